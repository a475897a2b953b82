package main

// FerretDB v1's SQLite backend filters a lookup by `_id` as `_ferretdb_sjson->'$._id' = ?`,
// but indexes `_id` on the expression `_ferretdb_sjson->"_id"`. SQLite matches index
// expressions literally, so it cannot use that index and every lookup, update or delete by
// `_id` scans the table (FerretDB#4646): 93-153 ms at 20,000 documents instead of about 1 ms.
// MongoDB, which deployments run, has its `_id` index. This watcher gives each FerretDB table
// an index on the expression the queries use, so the devstack, the tests and the benchmarks
// see the same cost shape as MongoDB. It touches only SQLite files FerretDB created, adds only
// indexes (never data), and never creates a file (`mode=rw`).

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB itself uses
)

const indexSuffix = "__dekranasda_id_path"

// fileState is what a file looked like when its tables were last indexed.
type fileState struct {
	size, walSize int64
	mod, walMod   time.Time
}

func stateOf(path string) (fileState, bool) {
	main, err := os.Stat(path)
	if err != nil {
		return fileState{}, false
	}
	s := fileState{size: main.Size(), mod: main.ModTime()}
	if wal, err := os.Stat(path + "-wal"); err == nil {
		s.walSize, s.walMod = wal.Size(), wal.ModTime()
	}
	return s, true
}

// watchIDIndexes indexes new tables every `every` until ctx ends; a file is opened only when
// it (or its write-ahead log) changed since the last pass.
func watchIDIndexes(ctx context.Context, dir string, every time.Duration) {
	seen := map[string]fileState{}
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, path := range files {
			before, ok := stateOf(path)
			if !ok || seen[path] == before {
				continue
			}
			if err := indexFile(ctx, path); err != nil {
				log.Printf("ferretdb _id index: %s: %v (retried on its next change)", path, err)
				continue
			}
			if after, ok := stateOf(path); ok {
				seen[path] = after
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// indexFile adds the `_id` path index to every FerretDB table of one database file.
func indexFile(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE '\_ferretdb\_%' ESCAPE '\'
		AND name || ? NOT IN (SELECT name FROM sqlite_master WHERE type = 'index')`, indexSuffix)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	rows.Close()
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`,
			table+indexSuffix, table)
		if _, err := db.ExecContext(ctx, q); err != nil && !strings.Contains(err.Error(), "no such table") {
			return err
		}
	}
	return nil
}
