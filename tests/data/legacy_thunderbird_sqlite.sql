-- The thunderbird app's schema as its own start-up code made it before the
-- app used migrations ("create the tables if they are missing"): the schema
-- of revision 58ce9da45577, written by hand.
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  phone VARCHAR(20) NOT NULL UNIQUE,
  name VARCHAR(100),
  timezone VARCHAR(64) NOT NULL DEFAULT 'UTC',
  checkin_interval_minutes INTEGER NOT NULL DEFAULT 60,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT ck_users_checkin_interval CHECK (checkin_interval_minutes > 0)
);
CREATE TABLE IF NOT EXISTS safecheck_contacts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  contact_name VARCHAR(100) NOT NULL,
  contact_phone VARCHAR(20) NOT NULL,
  relationship VARCHAR(50),
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT uq_safecheck_contacts_user_phone UNIQUE (user_id, contact_phone)
);
CREATE TABLE IF NOT EXISTS message_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  direction VARCHAR(8) NOT NULL,
  body TEXT NOT NULL,
  provider_sid VARCHAR(64),
  status VARCHAR(16) NOT NULL DEFAULT 'sent',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT ck_message_log_direction CHECK (direction IN ('inbound', 'outbound'))
);
CREATE INDEX IF NOT EXISTS ix_safecheck_contacts_user_id ON safecheck_contacts (user_id);
CREATE INDEX IF NOT EXISTS ix_message_log_user_created ON message_log (user_id, created_at);
CREATE UNIQUE INDEX IF NOT EXISTS ux_message_log_provider_sid ON message_log (provider_sid)
  WHERE provider_sid IS NOT NULL;
