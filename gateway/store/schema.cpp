#include "store/schema.hpp"

#include <array>

namespace iwmo::store {
namespace {

// Version 1: messages, answers and the state of the standard (RULES.md §3.1), and the ledger.
constexpr std::string_view v1 = R"sql(
-- Every message received, as the exact bytes, with what the gateway concluded.
CREATE TABLE message (
  id            INTEGER PRIMARY KEY,
  received_at   TEXT NOT NULL,            -- UTC, ISO 8601
  source        TEXT NOT NULL,            -- file name or transport
  sha256        TEXT NOT NULL,
  bytes         BLOB NOT NULL,
  type          TEXT,                     -- WMO301 ..., NULL when not recognised
  sender        TEXT,                     -- Afzender
  receiver      TEXT,                     -- Ontvanger
  identificatie TEXT,
  dagtekening   TEXT,
  verdict       TEXT NOT NULL CHECK (verdict IN ('schema', 'rejected', 'accepted', 'partial', 'stored')),
  findings      TEXT NOT NULL DEFAULT '[]',   -- JSON: [{"rule","retourcode","path"}]
  errors        TEXT NOT NULL DEFAULT '[]'    -- JSON: schema errors [{"line","column","text"}]
) STRICT;
CREATE INDEX message_by_identificatie ON message (sender, type, identificatie);
CREATE INDEX message_by_receiver ON message (receiver, id);

-- The answer sent for a message (retour or WMO325).
CREATE TABLE answer (
  message_id    INTEGER PRIMARY KEY REFERENCES message (id),
  type          TEXT NOT NULL,
  identificatie TEXT NOT NULL,
  dagtekening   TEXT NOT NULL,
  bytes         BLOB NOT NULL
) STRICT;

-- TR056: Identificatie values used per sender and message type.
CREATE TABLE used_identificatie (
  sender        TEXT NOT NULL,
  type          TEXT NOT NULL,
  identificatie TEXT NOT NULL,
  message_id    INTEGER NOT NULL REFERENCES message (id),
  PRIMARY KEY (sender, type, identificatie)
) STRICT, WITHOUT ROWID;

-- Every version of every toewijzing (the current one has the latest date and time).
CREATE TABLE toewijzing (
  id                   INTEGER PRIMARY KEY,
  message_id           INTEGER NOT NULL REFERENCES message (id),
  gemeente             TEXT NOT NULL,
  aanbieder            TEXT NOT NULL,
  bsn                  TEXT NOT NULL,
  nummer               INTEGER NOT NULL,
  referentie_aanbieder TEXT,
  categorie            TEXT,
  code                 TEXT,
  toewijzingsdatum     TEXT NOT NULL,
  toewijzingstijd      TEXT NOT NULL,
  ingangsdatum         TEXT NOT NULL,
  einddatum            TEXT,
  reden_wijziging      TEXT,
  volume               INTEGER,
  eenheid              TEXT,
  frequentie           TEXT,
  budget               INTEGER
) STRICT;
CREATE INDEX toewijzing_by_nummer ON toewijzing (gemeente, nummer);
CREATE INDEX toewijzing_by_client ON toewijzing (gemeente, aanbieder, bsn);

-- Start and stop lines: status 1 adds a line, status 3 deletes one (the deleted line keeps the
-- message that deleted it; the deletion is a line of its own that points at it).
CREATE TABLE levering (
  id                      INTEGER PRIMARY KEY,
  message_id              INTEGER NOT NULL REFERENCES message (id),
  soort                   TEXT NOT NULL CHECK (soort IN ('start', 'stop')),
  status                  TEXT NOT NULL CHECK (status IN ('1', '3')),
  gemeente                TEXT NOT NULL,
  aanbieder               TEXT NOT NULL,
  bsn                     TEXT NOT NULL,
  toewijzing_nummer       INTEGER,
  categorie               TEXT,
  code                    TEXT,
  toewijzing_ingangsdatum TEXT,
  begindatum              TEXT NOT NULL,
  reden_beeindiging       TEXT,
  einddatum               TEXT,
  deletes                 INTEGER REFERENCES levering (id),
  deleted_by              INTEGER REFERENCES message (id)
) STRICT;
CREATE INDEX levering_by_client ON levering (gemeente, aanbieder, bsn);
CREATE INDEX levering_by_toewijzing ON levering (gemeente, toewijzing_nummer);

-- Requests for an assignment (one row per AangevraagdProduct) and for a change.
CREATE TABLE verzoek (
  id                   INTEGER PRIMARY KEY,
  message_id           INTEGER NOT NULL REFERENCES message (id),
  soort                TEXT NOT NULL CHECK (soort IN ('toewijzing', 'wijziging')),
  status               TEXT NOT NULL CHECK (status IN ('open', 'in_onderzoek', 'afgewezen', 'toegewezen')),
  gemeente             TEXT NOT NULL,
  aanbieder            TEXT NOT NULL,
  bsn                  TEXT NOT NULL,
  referentie_aanbieder TEXT NOT NULL,
  dagtekening          TEXT NOT NULL,
  closed_by            INTEGER REFERENCES message (id),
  UNIQUE (aanbieder, referentie_aanbieder)
) STRICT;
CREATE INDEX verzoek_by_client ON verzoek (gemeente, aanbieder, bsn);

-- Answers (WMO319) to requests.
CREATE TABLE antwoord (
  id                   INTEGER PRIMARY KEY,
  message_id           INTEGER NOT NULL REFERENCES message (id),
  gemeente             TEXT NOT NULL,
  aanbieder            TEXT NOT NULL,
  referentie_aanbieder TEXT NOT NULL,
  verzoek_antwoord     TEXT NOT NULL
) STRICT;
CREATE INDEX antwoord_by_referentie ON antwoord (aanbieder, referentie_aanbieder);

-- Processed declarations and every line in them, with the outcome.
CREATE TABLE declaratie (
  id            INTEGER PRIMARY KEY,
  message_id    INTEGER NOT NULL UNIQUE REFERENCES message (id),
  gemeente      TEXT NOT NULL,
  aanbieder     TEXT NOT NULL,
  nummer        TEXT NOT NULL,
  periode_begin TEXT NOT NULL,
  periode_eind  TEXT NOT NULL,
  ingediend     INTEGER NOT NULL,   -- signed eurocent
  toegekend     INTEGER NOT NULL,   -- signed eurocent
  UNIQUE (gemeente, aanbieder, nummer)
) STRICT;

CREATE TABLE prestatie (
  id                      INTEGER PRIMARY KEY,
  declaratie_id           INTEGER NOT NULL REFERENCES declaratie (id),
  gemeente                TEXT NOT NULL,
  aanbieder               TEXT NOT NULL,
  bsn                     TEXT NOT NULL,
  referentie_nummer       TEXT NOT NULL,
  vorig_referentie_nummer TEXT,
  toewijzing_nummer       INTEGER NOT NULL,
  categorie               TEXT NOT NULL,
  code                    TEXT NOT NULL,
  begindatum              TEXT NOT NULL,
  einddatum               TEXT NOT NULL,
  volume                  INTEGER NOT NULL,
  eenheid                 TEXT NOT NULL,
  tarief                  INTEGER,
  bedrag                  INTEGER NOT NULL,    -- eurocent, without sign
  debet_credit            TEXT NOT NULL CHECK (debet_credit IN ('D', 'C')),
  status                  TEXT NOT NULL CHECK (status IN ('approved', 'rejected')),
  codes                   TEXT NOT NULL DEFAULT '',   -- retourcodes of a rejected line
  credited_by             INTEGER REFERENCES prestatie (id)
) STRICT;
CREATE INDEX prestatie_by_referentie ON prestatie (gemeente, aanbieder, referentie_nummer);
CREATE INDEX prestatie_by_toewijzing ON prestatie (gemeente, toewijzing_nummer);

-- Reconciliation per toewijzing and calendar month, derived from the tables above.
CREATE TABLE ledger (
  gemeente            TEXT NOT NULL,
  toewijzing_nummer   INTEGER NOT NULL,
  maand               TEXT NOT NULL,     -- YYYY-MM
  aanbieder           TEXT NOT NULL,
  bsn                 TEXT NOT NULL,
  categorie           TEXT,
  code                TEXT,
  eenheid             TEXT,
  frequentie          TEXT,
  toegewezen_volume   INTEGER,
  budget              INTEGER,
  gedeclareerd_volume INTEGER NOT NULL,
  gedeclareerd_bedrag INTEGER NOT NULL,
  goedgekeurd_volume  INTEGER NOT NULL,
  goedgekeurd_bedrag  INTEGER NOT NULL,
  afgewezen_bedrag    INTEGER NOT NULL,
  afgewezen_codes     TEXT NOT NULL,
  gecrediteerd_bedrag INTEGER NOT NULL,
  dagen_geleverd      INTEGER NOT NULL,
  starts              INTEGER NOT NULL,
  stops               INTEGER NOT NULL,
  aandacht            TEXT NOT NULL,
  PRIMARY KEY (gemeente, toewijzing_nummer, maand)
) STRICT, WITHOUT ROWID;
CREATE INDEX ledger_by_month ON ledger (gemeente, maand, aanbieder);
)sql";

// Version 2: the daemon — search keys of messages, mailboxes with their push outbox, and the
// hashed bearer tokens.
constexpr std::string_view v2 = R"sql(
-- Business keys of every message that passed the schema, for search (BSN, ToewijzingNummer,
-- DeclaratieNummer, ReferentieAanbieder).
CREATE TABLE message_key (
  kind       TEXT NOT NULL CHECK (kind IN ('bsn', 'toewijzing', 'declaratie', 'referentie')),
  value      TEXT NOT NULL,
  message_id INTEGER NOT NULL REFERENCES message (id),
  PRIMARY KEY (kind, value, message_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX message_key_by_message ON message_key (message_id);
CREATE INDEX message_by_sha256 ON message (sha256);

-- A heen message that was accepted is put in its recipient's mailbox in the transaction that
-- stores it; the recipient pulls and acknowledges it, or a push acknowledges it.
CREATE TABLE mailbox (
  id         INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES message (id),
  recipient  TEXT NOT NULL,                 -- party: aanbieder:<AGB> or gemeente:<CBS>
  created_at TEXT NOT NULL,
  acked_at   TEXT,
  acked_by   TEXT                           -- 'pull' or 'push'
) STRICT;
CREATE INDEX mailbox_open ON mailbox (recipient, id) WHERE acked_at IS NULL;

-- Push deliveries to recipients with an endpoint. Times in milliseconds since the epoch.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  mailbox_id      INTEGER NOT NULL REFERENCES mailbox (id),
  endpoint        TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_ms      INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,
  last_attempt_ms INTEGER,
  last_error      TEXT,
  finished_ms     INTEGER,                  -- delivered or dead
  replayed_ms     INTEGER                   -- the last replay of a dead letter
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_ms);

-- Bearer tokens, stored as the SHA-256 of the token only.
CREATE TABLE credential (
  id           INTEGER PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  principal    TEXT NOT NULL,               -- aanbieder:<AGB>, gemeente:<CBS>, backoffice[:<CBS>,...], toezicht[...], admin
  label        TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  revoked_at   TEXT
) STRICT;
)sql";

// Version 3: toezicht — client addresses, the signals of the last run, cases with their signals,
// notes and attachments, the append-only audit trail and small settings.
constexpr std::string_view v3 = R"sql(
-- The client's address as each accepted WMO301 gave it (for the address_cluster signal).
CREATE TABLE client_adres (
  message_id INTEGER NOT NULL REFERENCES message (id),
  gemeente   TEXT NOT NULL,
  aanbieder  TEXT NOT NULL,
  bsn        TEXT NOT NULL,
  adres_key  TEXT NOT NULL,              -- postcode|huisnummer|huisletter|toevoeging
  adres_text TEXT NOT NULL,
  PRIMARY KEY (gemeente, aanbieder, bsn, message_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- One run of the signals engine over the whole store.
CREATE TABLE signal_run (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  today      TEXT NOT NULL,
  raised     INTEGER NOT NULL,
  added      INTEGER NOT NULL,
  cleared    INTEGER NOT NULL,
  ms         INTEGER NOT NULL
) STRICT;

-- Signals by their stable id; a signal a later run no longer raises stays, inactive.
CREATE TABLE signal (
  id                TEXT PRIMARY KEY,
  rule              TEXT NOT NULL,
  severity          TEXT NOT NULL CHECK (severity IN ('laag', 'middel', 'hoog')),
  rank              INTEGER NOT NULL,     -- 3 hoog, 2 middel, 1 laag: queue order
  gemeente          TEXT NOT NULL,
  aanbieder         TEXT NOT NULL,
  toewijzing_nummer INTEGER,
  product           TEXT,
  period_begin      TEXT NOT NULL,
  period_end        TEXT NOT NULL,
  explanation       TEXT NOT NULL,
  evidence          TEXT NOT NULL,        -- JSON: {"figures": [...], "message_ids": [...]}
  first_seen        TEXT NOT NULL,
  last_seen         TEXT NOT NULL,
  run_id            INTEGER NOT NULL REFERENCES signal_run (id),
  active            INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX signal_queue ON signal (active, rank DESC, period_end DESC, id);
CREATE INDEX signal_by_aanbieder ON signal (aanbieder, gemeente);

-- The clients of a signal: the pseudonym everyone sees and the BSN that is revealed on request.
CREATE TABLE signal_client (
  signal_id TEXT NOT NULL REFERENCES signal (id),
  pseudonym TEXT NOT NULL,
  bsn       TEXT NOT NULL,
  PRIMARY KEY (signal_id, pseudonym)
) STRICT, WITHOUT ROWID;

CREATE TABLE review_case (
  id         INTEGER PRIMARY KEY,
  title      TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('nieuw', 'in_onderzoek', 'gegrond', 'ongegrond', 'afgesloten')),
  gemeente   TEXT NOT NULL,
  aanbieder  TEXT NOT NULL,
  assignee   TEXT,
  decision   TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE case_signal (
  case_id   INTEGER NOT NULL REFERENCES review_case (id),
  signal_id TEXT NOT NULL REFERENCES signal (id),
  added_at  TEXT NOT NULL,
  PRIMARY KEY (case_id, signal_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_signal_by_signal ON case_signal (signal_id);

CREATE TABLE case_note (
  id      INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES review_case (id),
  author  TEXT NOT NULL,
  at      TEXT NOT NULL,
  text    TEXT NOT NULL
) STRICT;

-- Documents kept elsewhere (a DMS number, a file name), by reference only.
CREATE TABLE case_attachment (
  id        INTEGER PRIMARY KEY,
  case_id   INTEGER NOT NULL REFERENCES review_case (id),
  reference TEXT NOT NULL,
  label     TEXT NOT NULL,
  author    TEXT NOT NULL,
  at        TEXT NOT NULL
) STRICT;

-- Who saw or changed what, when. Append-only.
CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  principal TEXT NOT NULL,
  action    TEXT NOT NULL,
  object    TEXT NOT NULL DEFAULT '',    -- case:3, signal:S..., provider:98000011
  detail    TEXT NOT NULL DEFAULT '{}'   -- JSON
) STRICT;
CREATE INDEX audit_by_object ON audit (object, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
)sql";

// Version 4: retention. A purged message keeps its metadata (type, parties, identificatie,
// verdict, findings, hash), the state and ledger it produced and its search keys other than the
// BSN; its bytes, its answer's bytes and its schema error texts are emptied.
constexpr std::string_view v4 = R"sql(
ALTER TABLE message ADD COLUMN purged_at TEXT;
CREATE INDEX message_by_received ON message (received_at) WHERE purged_at IS NULL;
)sql";

// Version 5: iJw next to iWmo. State is kept per legal domain (RULES.md §3.1): `domain` is 'wmo'
// for iWmo messages and 'jw' for iJw messages, and every key of the state tables includes it.
// Tables whose UNIQUE or PRIMARY KEY constraint changes are rebuilt (foreign keys are switched
// off around the migrations and checked before each commit); the rows so far are all iWmo.
constexpr std::string_view v5 = R"sql(
ALTER TABLE toewijzing ADD COLUMN domain TEXT NOT NULL DEFAULT 'wmo' CHECK (domain IN ('wmo', 'jw'));
DROP INDEX toewijzing_by_nummer;
DROP INDEX toewijzing_by_client;
CREATE INDEX toewijzing_by_nummer ON toewijzing (domain, gemeente, nummer);
CREATE INDEX toewijzing_by_client ON toewijzing (domain, gemeente, aanbieder, bsn);

ALTER TABLE levering ADD COLUMN domain TEXT NOT NULL DEFAULT 'wmo' CHECK (domain IN ('wmo', 'jw'));
DROP INDEX levering_by_client;
DROP INDEX levering_by_toewijzing;
CREATE INDEX levering_by_client ON levering (domain, gemeente, aanbieder, bsn);
CREATE INDEX levering_by_toewijzing ON levering (domain, gemeente, toewijzing_nummer);

CREATE TABLE verzoek_v5 (
  id                   INTEGER PRIMARY KEY,
  message_id           INTEGER NOT NULL REFERENCES message (id),
  soort                TEXT NOT NULL CHECK (soort IN ('toewijzing', 'wijziging')),
  status               TEXT NOT NULL CHECK (status IN ('open', 'in_onderzoek', 'afgewezen', 'toegewezen')),
  gemeente             TEXT NOT NULL,
  aanbieder            TEXT NOT NULL,
  bsn                  TEXT NOT NULL,
  referentie_aanbieder TEXT NOT NULL,
  dagtekening          TEXT NOT NULL,
  closed_by            INTEGER REFERENCES message (id),
  domain               TEXT NOT NULL DEFAULT 'wmo' CHECK (domain IN ('wmo', 'jw')),
  UNIQUE (domain, aanbieder, referentie_aanbieder)
) STRICT;
INSERT INTO verzoek_v5 (id, message_id, soort, status, gemeente, aanbieder, bsn, referentie_aanbieder, dagtekening, closed_by)
  SELECT id, message_id, soort, status, gemeente, aanbieder, bsn, referentie_aanbieder, dagtekening, closed_by FROM verzoek;
DROP TABLE verzoek;
ALTER TABLE verzoek_v5 RENAME TO verzoek;
CREATE INDEX verzoek_by_client ON verzoek (domain, gemeente, aanbieder, bsn);

ALTER TABLE antwoord ADD COLUMN domain TEXT NOT NULL DEFAULT 'wmo' CHECK (domain IN ('wmo', 'jw'));
DROP INDEX antwoord_by_referentie;
CREATE INDEX antwoord_by_referentie ON antwoord (domain, aanbieder, referentie_aanbieder);

CREATE TABLE declaratie_v5 (
  id            INTEGER PRIMARY KEY,
  message_id    INTEGER NOT NULL UNIQUE REFERENCES message (id),
  gemeente      TEXT NOT NULL,
  aanbieder     TEXT NOT NULL,
  nummer        TEXT NOT NULL,
  periode_begin TEXT NOT NULL,
  periode_eind  TEXT NOT NULL,
  ingediend     INTEGER NOT NULL,   -- signed eurocent
  toegekend     INTEGER NOT NULL,   -- signed eurocent
  domain        TEXT NOT NULL DEFAULT 'wmo' CHECK (domain IN ('wmo', 'jw')),
  UNIQUE (domain, gemeente, aanbieder, nummer)
) STRICT;
INSERT INTO declaratie_v5 (id, message_id, gemeente, aanbieder, nummer, periode_begin, periode_eind, ingediend, toegekend)
  SELECT id, message_id, gemeente, aanbieder, nummer, periode_begin, periode_eind, ingediend, toegekend FROM declaratie;
DROP TABLE declaratie;
ALTER TABLE declaratie_v5 RENAME TO declaratie;

ALTER TABLE prestatie ADD COLUMN domain TEXT NOT NULL DEFAULT 'wmo' CHECK (domain IN ('wmo', 'jw'));
DROP INDEX prestatie_by_referentie;
DROP INDEX prestatie_by_toewijzing;
CREATE INDEX prestatie_by_referentie ON prestatie (domain, gemeente, aanbieder, referentie_nummer);
CREATE INDEX prestatie_by_toewijzing ON prestatie (domain, gemeente, toewijzing_nummer);

CREATE TABLE ledger_v5 (
  domain              TEXT NOT NULL DEFAULT 'wmo' CHECK (domain IN ('wmo', 'jw')),
  gemeente            TEXT NOT NULL,
  toewijzing_nummer   INTEGER NOT NULL,
  maand               TEXT NOT NULL,     -- YYYY-MM
  aanbieder           TEXT NOT NULL,
  bsn                 TEXT NOT NULL,
  categorie           TEXT,
  code                TEXT,
  eenheid             TEXT,
  frequentie          TEXT,
  toegewezen_volume   INTEGER,
  budget              INTEGER,
  gedeclareerd_volume INTEGER NOT NULL,
  gedeclareerd_bedrag INTEGER NOT NULL,
  goedgekeurd_volume  INTEGER NOT NULL,
  goedgekeurd_bedrag  INTEGER NOT NULL,
  afgewezen_bedrag    INTEGER NOT NULL,
  afgewezen_codes     TEXT NOT NULL,
  gecrediteerd_bedrag INTEGER NOT NULL,
  dagen_geleverd      INTEGER NOT NULL,
  starts              INTEGER NOT NULL,
  stops               INTEGER NOT NULL,
  aandacht            TEXT NOT NULL,
  PRIMARY KEY (domain, gemeente, toewijzing_nummer, maand)
) STRICT, WITHOUT ROWID;
INSERT INTO ledger_v5 (gemeente, toewijzing_nummer, maand, aanbieder, bsn, categorie, code, eenheid, frequentie,
                       toegewezen_volume, budget, gedeclareerd_volume, gedeclareerd_bedrag, goedgekeurd_volume,
                       goedgekeurd_bedrag, afgewezen_bedrag, afgewezen_codes, gecrediteerd_bedrag, dagen_geleverd, starts,
                       stops, aandacht)
  SELECT gemeente, toewijzing_nummer, maand, aanbieder, bsn, categorie, code, eenheid, frequentie, toegewezen_volume,
         budget, gedeclareerd_volume, gedeclareerd_bedrag, goedgekeurd_volume, goedgekeurd_bedrag, afgewezen_bedrag,
         afgewezen_codes, gecrediteerd_bedrag, dagen_geleverd, starts, stops, aandacht FROM ledger;
DROP TABLE ledger;
ALTER TABLE ledger_v5 RENAME TO ledger;
CREATE INDEX ledger_by_month ON ledger (gemeente, maand, aanbieder);
)sql";

// Version 6: StUF-GGK envelopes (docs/ggk.md). A Di01's referentienummer is used once; this
// table names the message each envelope carried. A trigger writes the row in the statement that
// stores the message, so both are in one transaction: the HTTP route POST /v1/ggk gives the
// message the source "stuf-ggk:<referentienummer> <transport> zender=<organisatie>"
// (ggk::store_source). A message with the same bytes again keeps the first row; another message
// with a referentienummer already used is refused (two envelopes in flight at once: the route's
// check before submitting cannot see each other). A migration that rebuilds `message` must
// create the trigger again.
constexpr std::string_view v6 = R"sql(
CREATE TABLE ggk_envelope (
  referentienummer TEXT PRIMARY KEY,
  message_id       INTEGER NOT NULL REFERENCES message (id),
  zender           TEXT NOT NULL,           -- the envelope's zender/organisatie
  received_at      TEXT NOT NULL
) STRICT;
CREATE INDEX ggk_envelope_by_message ON ggk_envelope (message_id);
CREATE TRIGGER ggk_envelope_of_message AFTER INSERT ON message
WHEN substr(NEW.source, 1, 9) = 'stuf-ggk:'
BEGIN
  SELECT RAISE(ABORT, 'ggk_envelope: the referentienummer was used for another message')
    WHERE EXISTS (SELECT 1 FROM ggk_envelope g JOIN message m ON m.id = g.message_id
                  WHERE g.referentienummer = substr(NEW.source, 10, 36) AND m.sha256 <> NEW.sha256);
  INSERT OR IGNORE INTO ggk_envelope (referentienummer, message_id, zender, received_at)
    VALUES (substr(NEW.source, 10, 36), NEW.id,
            CASE WHEN instr(NEW.source, ' zender=') > 0 THEN substr(NEW.source, instr(NEW.source, ' zender=') + 8) ELSE '' END,
            NEW.received_at);
END;
)sql";

// Version 7: an index on client_adres by message, for `rebuild`'s search for accepted WMO301s
// and JW301s without an address row: without it that search read the whole table per message,
// quadratic in the number of toewijzingen (docs/PERFORMANCE.md).
constexpr std::string_view v7 = R"sql(
CREATE INDEX client_adres_by_message ON client_adres (message_id);
)sql";

constexpr std::array<std::string_view, 7> all{v1, v2, v3, v4, v5, v6, v7};

}  // namespace

std::span<const std::string_view> migrations() { return all; }

}  // namespace iwmo::store
