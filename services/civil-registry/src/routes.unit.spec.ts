import 'reflect-metadata';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ROLES_KEY } from '@lienthong/platform';
import { RegistryController } from './registry/registry.controller';
import { TasksController } from './tasks/tasks.controller';

// Keys @nestjs/swagger stores its decorators under (its constants are not exported).
const DECORATORS = { API_OPERATION: 'swagger/apiOperation', API_RESPONSE: 'swagger/apiResponse', API_SECURITY: 'swagger/apiSecurity' } as const;

// Every HTTP route declares its roles and is documented in OpenAPI with the bearer scheme, 401 and 403.
describe.each([TasksController, RegistryController])('%p routes', (controller) => {
  const proto = controller.prototype as unknown as Record<string, unknown>;
  const routes = Object.getOwnPropertyNames(proto).filter((name) => name !== 'constructor' && Reflect.getMetadata(PATH_METADATA, proto[name] as object) !== undefined);

  it('has routes', () => expect(routes.length).toBeGreaterThan(0));
  it.each(routes)('%s declares roles and an operation', (name) => {
    const handler = proto[name] as object;
    expect(Reflect.getMetadata(ROLES_KEY, handler)).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(Reflect.getMetadata(ROLES_KEY, handler)).not.toContain('public');
    expect(Reflect.getMetadata(DECORATORS.API_OPERATION, handler)).toBeDefined();
  });
  it('documents the bearer scheme, 401 and 403', () => {
    expect(Reflect.getMetadata(DECORATORS.API_SECURITY, controller)).toEqual([{ bearer: [] }]);
    expect(Object.keys(Reflect.getMetadata(DECORATORS.API_RESPONSE, controller) as object)).toEqual(expect.arrayContaining(['401', '403']));
  });
});

it('claims and decisions are for the two desks\' officers; the import for administrators', () => {
  const roles = (name: keyof TasksController | keyof RegistryController, c: object) => Reflect.getMetadata(ROLES_KEY, (c as Record<string, object>)[name]) as string[];
  expect(roles('claim', TasksController.prototype)).toEqual(['civil-status-officer', 'residence-officer']);
  expect(roles('decide', TasksController.prototype)).toEqual(['civil-status-officer', 'residence-officer']);
  expect(roles('import', RegistryController.prototype)).toEqual(['administrator']);
});
