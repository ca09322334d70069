import { mount } from '../shared/mount';
import { DisplayApp } from './DisplayApp';

mount(<DisplayApp />);
