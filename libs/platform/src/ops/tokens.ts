/** The ServiceRuntime, for the operations endpoints every service carries. */
export const OPS_RUNTIME = Symbol('OPS_RUNTIME');
