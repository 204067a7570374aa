import 'reflect-metadata';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ROLES_KEY } from '@lienthong/platform';
import { BeneficiariesController } from './beneficiaries/beneficiaries.controller';
import { TasksController } from './funeral-allowance/tasks.controller';
import { PaymentOrdersController } from './payment-orders/payment-orders.controller';

// Keys @nestjs/swagger stores its decorators under (its constants are not exported).
const DECORATORS = { API_OPERATION: 'swagger/apiOperation', API_RESPONSE: 'swagger/apiResponse', API_SECURITY: 'swagger/apiSecurity' } as const;

// Every HTTP route declares its roles (for the coming guard) and is documented in OpenAPI.
describe.each([BeneficiariesController, TasksController, PaymentOrdersController])('%p routes', (controller) => {
  const proto = controller.prototype as unknown as Record<string, unknown>;
  const routes = Object.getOwnPropertyNames(proto).filter((name) => name !== 'constructor' && Reflect.getMetadata(PATH_METADATA, proto[name] as object) !== undefined);

  it('has routes', () => expect(routes.length).toBeGreaterThan(0));
  it('documents the bearer scheme, 401 and 403', () => {
    expect(Reflect.getMetadata(DECORATORS.API_SECURITY, controller)).toEqual([{ bearer: [] }]);
    expect(Object.keys(Reflect.getMetadata(DECORATORS.API_RESPONSE, controller) as object)).toEqual(expect.arrayContaining(['401', '403']));
  });
  it.each(routes)('%s is for social-protection officers and administrators (imports: administrators; claims and decisions: officers only), with an operation and a response', (name) => {
    const handler = proto[name] as object;
    const roles =
      controller === BeneficiariesController && name === 'import'
        ? ['administrator']
        : controller === TasksController && (name === 'claim' || name === 'decide')
          ? ['social-protection-officer']
          : ['social-protection-officer', 'administrator'];
    expect(Reflect.getMetadata(ROLES_KEY, handler)).toEqual(roles);
    expect(Reflect.getMetadata(DECORATORS.API_OPERATION, handler)).toBeDefined();
    expect(Reflect.getMetadata(DECORATORS.API_RESPONSE, handler)).toBeDefined();
  });
});
