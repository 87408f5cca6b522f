'use strict';
// Runs s3rver with one difference: a PUT's object is written aside and renamed into place once its whole body has
// arrived, as S3 stores a PUT whole or not at all. s3rver writes the object in place as the body arrives, so a reader
// saw half-written objects, and a client killed mid-PUT (the cluster specs kill nodes) left a truncated object under
// the previous version's checksum, which no real S3 does.
// Usage: node s3rver-atomic.js <path to s3rver/bin/s3rver.js> [s3rver's own arguments]
const crypto = require('crypto');
const path = require('path');

const bin = process.argv[2];
const lib = path.join(path.dirname(bin), '..', 'lib');
const fs = require(require.resolve('fs-extra', { paths: [lib] }));
const FilesystemStore = require(path.join(lib, 'stores', 'filesystem'));

FilesystemStore.prototype.putObject = async function putObject(object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await fs.mkdirp(path.dirname(objectPath));
  const aside = `${objectPath}.${crypto.randomBytes(6).toString('hex')}.uploading`;
  const md5 = crypto.createHash('md5');
  let size = 0;
  try {
    if (Buffer.isBuffer(object.content)) {
      await fs.writeFile(aside, object.content);
      md5.update(object.content);
      size = object.content.length;
    } else {
      await new Promise((resolve, reject) => {
        const out = fs.createWriteStream(aside);
        object.content.on('data', chunk => { md5.update(chunk); size += chunk.length; });
        object.content.on('error', reject);
        object.content.on('aborted', () => reject(new Error('the client went away before the body ended')));
        out.on('error', reject);
        out.on('finish', resolve);
        object.content.pipe(out);
      });
    }
    const digest = md5.digest('hex');
    await this.putMetadata(object.bucket, object.key, object.metadata, digest);
    await fs.rename(aside, objectPath);
    return { size, md5: digest };
  } catch (err) {
    await fs.remove(aside);
    throw err;
  }
};

process.argv.splice(2, 1);
require(bin);
