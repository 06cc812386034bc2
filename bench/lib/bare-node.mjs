#!/usr/bin/env node
// The control of bench/home.mjs: the least any Node server can do for the home page — node:cluster
// with the same worker count as ours, each a bare `http.createServer` answering every request with
// the same gzip bytes and headers, no routing, no framework. What this reaches on a machine is the
// ceiling of a Node server there: a figure ours misses by less than this one is not the server's.
//   node bench/lib/bare-node.mjs <port> <workers> <body.gz>
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, workers, file] = process.argv.slice(2);
if (cluster.isPrimary) {
  for (let i = 0; i < Number(workers); i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    process.exit(0);
  });
} else {
  const body = readFileSync(file);
  const headers = { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip', vary: 'Accept-Encoding', 'cache-control': 'public, max-age=30', etag: '"bare"' };
  createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  }).listen(Number(port), '127.0.0.1');
}
