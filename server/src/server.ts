import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Session } from './lsp/session';

// With `--stdio` the connection reads stdin/stdout; vscode-languageserver picks the transport from argv.
const connection = createConnection(ProposedFeatures.all);
new Session(connection).listen();
