// Command ferretdb runs FerretDB v1 (MongoDB wire protocol, SQLite backend) for the local
// devstack. It embeds FerretDB's library, which skips the version check that makes a plain
// `go install` of the v1 binary panic, and gives its tables the `_id` index its queries can
// use (idindex.go).
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("dir", "var/ferretdb", "directory that holds the SQLite files")
	indexEvery := flag.Duration("id-index-every", time.Second,
		"how often new collections get the _id index their queries can use (0: never)")
	flag.Parse()

	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dir + "/",
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *indexEvery > 0 {
		go watchIDIndexes(ctx, *dir, *indexEvery)
	}
	log.Printf("ferretdb listening on %s, data in %s", *listen, *dir)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
