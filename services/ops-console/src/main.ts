import { runService } from '@lienthong/platform';
import { opsConsoleService } from './service';

void runService(opsConsoleService);
