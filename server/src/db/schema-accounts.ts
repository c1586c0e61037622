// Kysely types of the tables the accounts migrations (0002–0009) create.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  /** sha256 hex of the opaque token; the token itself is never stored. */
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
  user_agent: string | null;
  ip: string | null;
}

export interface RecoveryCodesTable {
  user_id: string;
  /** sha256 hex of a high-entropy code shown once. */
  code_hash: string;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface VenuesTable {
  id: Generated<string>;
  name: string;
  address: string;
  lat: number;
  lon: number;
  tables: number;
  created_by: string | null;
  created_at: Timestamp;
  /** ll_to_earth(lat, lon), generated and stored by Postgres (migrations/0004); never written. */
  earth_point: ColumnType<string, never, never>;
}

export interface AccountTables {
  refresh_tokens: RefreshTokensTable;
  recovery_codes: RecoveryCodesTable;
  venues: VenuesTable;
}
