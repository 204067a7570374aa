import { runService } from '@lienthong/platform';
import { intakeService } from './service';

void runService(intakeService);
