// The compiled extension, activated against stand-ins for the `vscode` API and the language
// client: which program it starts, with which arguments, for which documents, and that a
// change of `alpost.path` restarts it with the new program.
"use strict";

const test = require("node:test");
const assert = require("node:assert");
const Module = require("node:module");
const path = require("node:path");

function harness(settings) {
  const started = [];
  const listeners = [];
  const errors = [];
  const vscode = {
    commands: { registerCommand: (name, fn) => ({ name, fn, dispose() {} }) },
    workspace: {
      getConfiguration: () => ({ get: (key, fallback) => (key in settings ? settings[key] : fallback) }),
      onDidChangeConfiguration: (fn) => {
        listeners.push(fn);
        return { dispose() {} };
      },
      createFileSystemWatcher: (glob) => ({ glob }),
    },
    window: { showErrorMessage: (message) => errors.push(message) },
  };
  class LanguageClient {
    constructor(id, name, server, client) {
      this.id = id;
      this.server = server;
      this.client = client;
      this.running = false;
      started.push(this);
    }
    async start() {
      if (settings.failToStart) throw new Error("spawn ENOENT");
      this.running = true;
    }
    async stop() {
      this.running = false;
    }
  }
  const node = { LanguageClient, TransportKind: { stdio: 0 } };
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === "vscode") return vscode;
    if (request === "vscode-languageclient/node") return node;
    return load.call(this, request, parent, isMain);
  };
  const file = path.join(__dirname, "..", "out", "extension.js");
  delete require.cache[require.resolve(file)];
  const extension = require(file);
  Module._load = load;
  return { extension, started, listeners, errors, context: { subscriptions: [] } };
}

test("starts alpost lsp with the configured program for text and Markdown", async () => {
  const h = harness({ path: "/opt/alpost/bin/alpost", args: ["--no-config"] });
  await h.extension.activate(h.context);
  assert.strictEqual(h.started.length, 1);
  const client = h.started[0];
  assert.strictEqual(client.running, true);
  assert.strictEqual(client.server.run.command, "/opt/alpost/bin/alpost");
  assert.deepStrictEqual(client.server.run.args, ["lsp", "--no-config"]);
  const languages = client.client.documentSelector.map((s) => s.language).filter(Boolean);
  assert.deepStrictEqual([...new Set(languages)].sort(), ["markdown", "plaintext"]);
  const schemes = new Set(client.client.documentSelector.map((s) => s.scheme));
  assert.ok(schemes.has("untitled"));
  assert.ok(client.client.documentSelector.some((s) => s.pattern === "**/.alpost.toml"));
  await h.extension.deactivate();
  assert.strictEqual(client.running, false);
});

test("an empty path means alpost from the PATH, and a new path restarts the server", async () => {
  const settings = { path: "  " };
  const h = harness(settings);
  await h.extension.activate(h.context);
  assert.strictEqual(h.started[0].server.run.command, "alpost");
  settings.path = "/usr/local/bin/alpost";
  for (const listener of h.listeners) {
    listener({ affectsConfiguration: (key) => key === "alpost.path" });
  }
  // The restart runs on promises of stand-ins only: a turn of the event loop settles it.
  await new Promise((resolve) => setImmediate(resolve));
  assert.strictEqual(h.started.length, 2);
  assert.strictEqual(h.started[0].running, false);
  assert.strictEqual(h.started[1].server.run.command, "/usr/local/bin/alpost");
  await h.extension.deactivate();
});

test("a program that cannot start is reported, in Italian, naming the setting", async () => {
  const h = harness({ path: "/nowhere/alpost", failToStart: true });
  await h.extension.activate(h.context);
  assert.strictEqual(h.errors.length, 1);
  assert.match(h.errors[0], /impossibile avviare «\/nowhere\/alpost lsp»/);
  assert.match(h.errors[0], /alpost\.path/);
});
