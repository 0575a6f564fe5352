-- Folders shared by this device. index_id changes when the local index is reset, so peers know to resend all.
CREATE TABLE folders (
    id           INTEGER PRIMARY KEY,
    folder_id    TEXT    NOT NULL UNIQUE,
    path         TEXT    NOT NULL,
    index_id     INTEGER NOT NULL,
    max_sequence INTEGER NOT NULL DEFAULT 0
);

-- Remote devices known to the index (local records use device 0).
CREATE TABLE devices (
    id        INTEGER PRIMARY KEY,
    device_id BLOB    NOT NULL UNIQUE
);

-- File records: this device's (device = 0) and those received from each remote device.
CREATE TABLE files (
    id             INTEGER PRIMARY KEY,
    folder         INTEGER NOT NULL,
    device         INTEGER NOT NULL,
    name           TEXT    NOT NULL,           -- relative, '/'-separated, NFC
    type           INTEGER NOT NULL,           -- 0 file, 1 directory, 2 symlink
    size           INTEGER NOT NULL,
    mtime_s        INTEGER NOT NULL,
    mtime_ns       INTEGER NOT NULL,
    permissions    INTEGER NOT NULL,           -- POSIX mode bits, -1 where the OS has none
    deleted        INTEGER NOT NULL,
    version        BLOB    NOT NULL,           -- version vector
    sequence       INTEGER NOT NULL,           -- the owning device's sequence when this version was made
    modified_by    INTEGER NOT NULL,           -- short id of the device that made this version
    file_hash      BLOB,
    manifest       BLOB,
    symlink_target TEXT,
    file_key       TEXT,                       -- local only: inode / file key seen at the last scan
    UNIQUE (folder, device, name)
);
CREATE INDEX files_by_sequence ON files (folder, device, sequence);

-- What we hold of each remote device's index for a folder, so a reconnect resends only newer records.
CREATE TABLE remote_indexes (
    folder       INTEGER NOT NULL,
    device       INTEGER NOT NULL,
    index_id     INTEGER NOT NULL,
    max_sequence INTEGER NOT NULL,
    PRIMARY KEY (folder, device)
) WITHOUT ROWID;

-- Chunk locator: where a chunk can be read in the live local files. Keyed by the first 8 bytes of the hash;
-- the full hash is verified on every read, so a prefix collision costs a read, never wrong bytes.
CREATE TABLE chunk_locations (
    hash_prefix INTEGER NOT NULL,
    file        INTEGER NOT NULL,
    offset      INTEGER NOT NULL,
    PRIMARY KEY (hash_prefix, file, offset)
) WITHOUT ROWID;
CREATE INDEX chunk_locations_by_file ON chunk_locations (file);

-- Downloads in progress: which chunks of the temp file are already written and synced.
CREATE TABLE partials (
    folder    INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    file_hash BLOB    NOT NULL,
    done      BLOB    NOT NULL,
    PRIMARY KEY (folder, name)
) WITHOUT ROWID;
