import { runService } from '@lienthong/platform';
import { socialProtectionService } from './service';

void runService(socialProtectionService);
