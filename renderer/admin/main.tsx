import { mount } from '../shared/mount';
import { AdminApp } from './AdminApp';
import './admin.css';

mount(<AdminApp />);
