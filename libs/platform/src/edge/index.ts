export { toProblem, asProblem, toMessageError } from './problems';
export { etag, parseIfMatch, IfMatch, type IfMatchOptions } from './if-match';
export { ProblemDetailsDto, StaffApi } from './openapi';
