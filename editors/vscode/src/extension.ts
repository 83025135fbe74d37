// Starts `alpost lsp` for plain-text and Markdown documents. Everything else (checks, fixes,
// configuration) is the server's: the extension only says which program to run.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("alpost.restart", () => restart()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("alpost.path") || event.affectsConfiguration("alpost.args")) {
        void restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(): Promise<void> {
  const settings = vscode.workspace.getConfiguration("alpost");
  const command = settings.get<string>("path")?.trim() || "alpost";
  const args = ["lsp", ...settings.get<string[]>("args", [])];
  const serverOptions: ServerOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const drafts = ["plaintext", "markdown"].flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]);
  const clientOptions: LanguageClientOptions = {
    // The configuration files are sent too, so that saving one checks the drafts again.
    documentSelector: [...drafts, { scheme: "file", pattern: "**/.alpost.toml" }],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.toml"),
    },
  };
  client = new LanguageClient("alpost", "alpost", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `alpost: impossibile avviare «${command} lsp» (${message}). ` +
        "Controlla l'impostazione «alpost.path».",
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}
