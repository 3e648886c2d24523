'use strict';
/**
 * Communiqué's Telegram test peer: the telegram-test-api emulator behind a front app that makes it answer as
 * the Bot API does, adds the methods the bot uses, and gives tests control (see peer/control.js).
 *
 * Usage: node launcher.js [--port N] [--host H]   (port 0, the default, picks a free one; env PEER_PORT too)
 * Prints exactly one line "READY <port>" on stdout once listening. Exits cleanly on SIGTERM or SIGINT, and
 * when its stdin closes (the test process that started it has gone), so no peer outlives its tests.
 * Nothing here logs a token.
 */

const http = require('http');
const path = require('path');

const emulatorDir = path.dirname(require.resolve('telegram-test-api'));
// The emulator's own Express, so the front app and the emulator agree on request/response objects.
const express = require(require.resolve('express', { paths: [emulatorDir] }));
const TelegramServer = require('telegram-test-api');
const { PeerState } = require('./peer/state');
const { mountBotApi } = require('./peer/botApi');
const { mountControl } = require('./peer/control');

const BODY_LIMIT = '64mb'; // a test may send a megabyte of text to see it refused; never a 413 before that

function parseArgs(argv) {
  const options = { port: Number(process.env.PEER_PORT || 0), host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--port') options.port = Number(argv[++i]);
    else if (argv[i] === '--host') options.host = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (expected --port N, --host H)`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port must be 0..65535');
  return options;
}

/** The front app: body parsing, the Bot API, the control routes, then the emulator's own routes. */
function buildApp(emulator, state) {
  const app = express();
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(express.urlencoded({ extended: true, limit: BODY_LIMIT, parameterLimit: 100000 }));
  mountControl(app, state);
  mountBotApi(app, state);
  app.use(emulator.webServer); // the emulator's client routes (/getUpdatesHistory, ...) stay reachable
  // eslint-disable-next-line no-unused-vars
  app.use((error, _req, res, _next) => {
    process.stderr.write(`peer error: ${error && error.stack ? error.stack : error}\n`);
    if (!res.headersSent) res.status(500).json({ ok: false, error_code: 500, description: `Internal Server Error: ${error.message}` });
  });
  return app;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // storeTimeout is long so the emulator never ages messages out during a test session.
  const emulator = new TelegramServer({ port: options.port, host: options.host, storeTimeout: 24 * 3600 });
  const state = new PeerState(emulator);
  state.setMaxListeners(0);
  emulator.setMaxListeners(0); // every waiting test call listens for the next bot message
  const server = http.createServer(buildApp(emulator, state));
  server.keepAliveTimeout = 30000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    state.reset(); // wakes any waiting getUpdates
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  process.stdout.write(`READY ${server.address().port}\n`);
}

main().catch((error) => {
  process.stderr.write(`peer failed to start: ${error.message}\n`);
  process.exit(1);
});
