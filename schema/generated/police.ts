/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** A rule the hub makes visible (docs/DOMAIN.md), with the policy text it comes from. */
export type ChildFlag =
  | 'ALONE_UNDER_16'
  | 'DROPOUT'
  | 'DUPLICATE_REGISTRATION'
  | 'ID_CONFLICT'
  | 'IN_DIFFICULTY'
  | 'LEFT_BEHIND'
  | 'UNREGISTERED';

export type UnregisteredQueryVariables = Exact<{
  after: string | null | undefined;
}>;


export type UnregisteredQuery = { children: { totalCount: number, edges: Array<{ node: { id: string, name: string | null, sex: string | null, birthDate: string | null, areaCode: string | null, flags: Array<{ flag: ChildFlag, evidence: Array<string> }>, family: { fatherName: string | null, fatherIdNumber: string | null, motherName: string | null, motherIdNumber: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AloneUnder16QueryVariables = Exact<{ [key: string]: never; }>;


export type AloneUnder16Query = { children: { totalCount: number, edges: Array<{ node: { id: string, name: string | null, birthDate: string | null, areaCode: string | null, idNumber: string | null, family: { householdNumber: string | null, householderName: string | null } | null } }> } };

export type DuplicateRegistrationsQueryVariables = Exact<{
  after: string | null | undefined;
}>;


export type DuplicateRegistrationsQuery = { children: { totalCount: number, edges: Array<{ node: { id: string, name: string | null, sex: string | null, birthDate: string | null, areaCode: string | null, idNumber: string | null, flags: Array<{ flag: ChildFlag, evidence: Array<string> }>, sourceRecords: Array<{ ref: string, source: string, recordKey: string | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };
