// Starts `profile-lint server` for the documents a profile can be in: ProfileXML (.xml),
// PowerShell scripts, WMI dumps (.txt) and Intune exports (.json). The server decides per
// document whether it holds a profile; other files get no diagnostics.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { currentEnvironment, resolveServerPath } from "./serverPath";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("profileLint.restart", async () => {
      await stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("profileLint.path")) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const setting = vscode.workspace.getConfiguration("profileLint").get<string>("path");
  const resolution = resolveServerPath(setting, currentEnvironment());
  if (!resolution.found) {
    void vscode.window.showErrorMessage(resolution.message);
    return;
  }
  const serverOptions: ServerOptions = {
    command: resolution.command,
    args: ["server"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: "xml" },
      { language: "powershell" },
      { language: "plaintext", pattern: "**/*.txt" },
      { language: "json" },
    ],
    synchronize: {
      // Open documents are linted again when a profile-lint.toml changes.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/profile-lint.toml"),
    },
  };
  client = new LanguageClient("profileLint", "profile-lint", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

async function stop(): Promise<void> {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}
