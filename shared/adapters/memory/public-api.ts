/**
 * What a memory adapter promises: every public member of the DynamoDB adapter it mirrors, with the same types.
 * Private members are not in `keyof`, so a class can implement this where it could not implement the class.
 */
export type PublicApi<T> = { [K in keyof T]: T[K] };
