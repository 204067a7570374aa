import { runService } from '@lienthong/platform';
import { notificationService } from './service';

void runService(notificationService);
