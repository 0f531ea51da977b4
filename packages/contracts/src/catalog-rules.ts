import type { FormatCategory, ProvisionMethod, ShareMethodType } from './enums.ts';

/**
 * How each format may travel (national catalog guide, SPEC §11): a file resource shares by
 * file, a database by database or interface, a service by interface. Shared by the server's
 * rules and the console's form hints.
 */
export const FORMAT_SHARE_METHODS: Record<FormatCategory, ShareMethodType[]> = {
  document: ['file'],
  image: ['file'],
  media: ['file'],
  spreadsheet: ['file', 'database'],
  database: ['database', 'interface'],
  service: ['interface'],
  self_describing: ['file', 'interface'],
};

/** How each format may be fed to the platform (004 三(二)). */
export const FORMAT_PROVISION_METHODS: Record<FormatCategory, ProvisionMethod[]> = {
  document: ['file'],
  image: ['file'],
  media: ['file'],
  spreadsheet: ['file', 'table'],
  database: ['table', 'api'],
  service: ['api'],
  self_describing: ['file', 'api'],
};
