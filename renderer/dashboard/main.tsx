import { mount } from '../shared/mount';
import { DashboardApp } from './DashboardApp';

mount(<DashboardApp />);
