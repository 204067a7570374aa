import { runService } from '@lienthong/platform';
import { civilRegistryService } from './service';

void runService(civilRegistryService);
