import { Type, type Static } from '@sinclair/typebox';
import { ADMIN_LEVELS, DEPARTMENT_KINDS, ROLES } from './enums.ts';
import { IsoDateTime, StrictBoolean, StringEnum, Uuid } from './common.ts';

/** 统一社会信用代码: 18 characters; the check digit is verified by the server (GB 32100). */
export const Uscc = Type.String({ minLength: 18, maxLength: 18, pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' });
/** 公民身份号码: 18 characters; check digit and birth date are verified by the server (GB 11643). */
export const CitizenIdNumber = Type.String({ minLength: 18, maxLength: 18, pattern: '^[0-9]{17}[0-9Xx]$' });
export const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: 'mainland mobile number' });

export const Department = Type.Object({
  id: Uuid,
  parentId: Type.Union([Uuid, Type.Null()]),
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  kind: StringEnum(DEPARTMENT_KINDS),
  level: StringEnum(ADMIN_LEVELS),
  uscc: Type.Union([Type.String(), Type.Null()]),
  classCode: Type.Union([Type.String(), Type.Null()]),
  isOperator: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: IsoDateTime,
});
export type Department = Static<typeof Department>;

export const DepartmentCreate = Type.Object(
  {
    parentId: Type.Union([Uuid, Type.Null()]),
    name: Type.String({ minLength: 2, maxLength: 100 }),
    shortName: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    kind: StringEnum(DEPARTMENT_KINDS),
    level: StringEnum(ADMIN_LEVELS),
    uscc: Type.Optional(Uscc),
    isOperator: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DepartmentCreate = Static<typeof DepartmentCreate>;

export const DepartmentUpdate = Type.Partial(
  Type.Object(
    {
      name: Type.String({ minLength: 2, maxLength: 100 }),
      shortName: Type.String({ minLength: 1, maxLength: 30 }),
      uscc: Uscc,
      active: StrictBoolean(),
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type DepartmentUpdate = Static<typeof DepartmentUpdate>;

export const User = Type.Object({
  id: Uuid,
  username: Type.String(),
  name: Type.String(),
  /** Masked for display (keep 6+4); the full number is stored encrypted. */
  idNumberMasked: Type.String(),
  phoneMasked: Type.String(),
  /** For e-mail notifications; optional. */
  email: Type.Union([Type.String(), Type.Null()]),
  departmentId: Uuid,
  departmentName: Type.String(),
  roles: Type.Array(StringEnum(ROLES)),
  active: Type.Boolean(),
  lockedUntil: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
});
export type User = Static<typeof User>;

export const Username = Type.String({ minLength: 3, maxLength: 40, pattern: '^[a-zA-Z][a-zA-Z0-9_.-]*$' });
export const Password = Type.String({ minLength: 10, maxLength: 128 });

export const UserCreate = Type.Object(
  {
    username: Username,
    name: Type.String({ minLength: 2, maxLength: 50 }),
    idNumber: CitizenIdNumber,
    phone: Phone,
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
    departmentId: Uuid,
    roles: Type.Array(StringEnum(ROLES), { minItems: 1, maxItems: 8, uniqueItems: true }),
    password: Password,
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const UserUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 50 })),
    phone: Type.Optional(Phone),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()])),
    roles: Type.Optional(Type.Array(StringEnum(ROLES), { minItems: 1, maxItems: 8, uniqueItems: true })),
    active: Type.Optional(StrictBoolean()),
  },
  { additionalProperties: false },
);
export type UserUpdate = Static<typeof UserUpdate>;

export const PasswordChange = Type.Object(
  { currentPassword: Type.String({ maxLength: 128 }), newPassword: Password },
  { additionalProperties: false },
);

export const DataOfficerAssignment = Type.Object({
  id: Uuid,
  departmentId: Uuid,
  userId: Uuid,
  userName: Type.String(),
  phoneMasked: Type.String(),
  startedAt: IsoDateTime,
  endedAt: Type.Union([IsoDateTime, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type DataOfficerAssignment = Static<typeof DataOfficerAssignment>;

export const DataOfficerAssign = Type.Object(
  { userId: Uuid, note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const ApplicationSystem = Type.Object({
  id: Uuid,
  departmentId: Uuid,
  departmentName: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  clientId: Type.String(),
  active: Type.Boolean(),
  secretRotatedAt: IsoDateTime,
  createdAt: IsoDateTime,
});
export type ApplicationSystem = Static<typeof ApplicationSystem>;

export const ApplicationSystemCreate = Type.Object(
  {
    departmentId: Uuid,
    name: Type.String({ minLength: 2, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

/** Returned once on creation and on rotation; the secret is stored only as a hash. */
export const ApplicationSystemWithSecret = Type.Object({
  system: ApplicationSystem,
  clientSecret: Type.String(),
});

export const LoginRequest = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 40 }), password: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
);

export const Me = Type.Object({
  user: User,
  department: Department,
  /** The 政务部门 a user acts for: the user's own department, or the department above an internal unit. */
  organisationId: Uuid,
  organisationName: Type.String(),
  /** Member of the platform operator (数据管理单位): platform roles reach every department. */
  operatorMember: Type.Boolean(),
  operations: Type.Array(Type.String()),
  /** Entries whose applications the user reviews as delegated reviewer (授权代理方) for the provider. */
  delegatedEntryIds: Type.Array(Uuid),
  policy: Type.Object({ id: Type.String(), name: Type.String() }),
});
export type Me = Static<typeof Me>;

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'bearer token for API use; the console uses the httpOnly cookie set alongside' }),
  expiresAt: IsoDateTime,
  me: Me,
});

export const TokenRequest = Type.Object(
  {
    grant_type: Type.Literal('client_credentials'),
    client_id: Type.String({ minLength: 1, maxLength: 100 }),
    client_secret: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
});
