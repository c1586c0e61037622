// Kysely types of the tables the accounts migrations (0002–0009) create.
export interface AccountTables {}
