import { runService } from '@lienthong/platform';
import { routingService } from './service';

void runService(routingService);
