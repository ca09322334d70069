import '../shared/bridge-client';
import { mount } from '../shared/mount';
import { KioskApp } from './KioskApp';

mount(<KioskApp />);
