import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { MAX_MANIFEST_BYTES } from '../../../server/src/core/index/fileSelection';
import { fileUri, readListedManifest, readManifest } from '../../../server/src/lsp/workspaceFiles';

/** The scan's reader of files the folder walk listed: what readManifest gives, one stat fewer. */
describe('reading a listed manifest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listed-manifest-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return fileUri(p);
  };

  it('gives the text as readManifest does: byte order mark dropped, line ends and multi-byte characters kept', async () => {
    const uris = [
      file('plain.yaml', 'apiVersion: v1\nkind: Service\n'),
      file('bom.yaml', '\ufeffapiVersion: v1\r\nkind: ConfigMap\r\ndata:\n  greeting: "héllo ✓ 𝄞"\n'),
      file('empty.yaml', ''),
      file('big.yaml', `data: ${'x'.repeat(200_000)}\n`),
    ];
    for (const uri of uris) {
      const text = await readListedManifest(uri);
      assert.equal(text, await readManifest(uri), uri);
      assert.ok(text !== undefined && !text.startsWith('\ufeff'));
    }
  });

  it('gives nothing for a file that is gone, a folder, one over the size limit, or a FIFO (without hanging)', { timeout: 20_000 }, async () => {
    assert.equal(await readListedManifest(fileUri(path.join(dir, 'gone.yaml'))), undefined);
    fs.mkdirSync(path.join(dir, 'folder.yaml'));
    assert.equal(await readListedManifest(fileUri(path.join(dir, 'folder.yaml'))), undefined);
    assert.equal(await readListedManifest(file('huge.yaml', Buffer.alloc(MAX_MANIFEST_BYTES + 1, 0x61))), undefined);
    if (process.platform !== 'win32') {
      const fifo = path.join(dir, 'fifo.yaml');
      execFileSync('mkfifo', [fifo]);
      assert.equal(await readListedManifest(fileUri(fifo)), undefined);
    }
  });
});
