'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261204160000_session_vfolder_mounts extends Migration {
  async up() {
    this.addSql(`alter table "sessions" add column "vfolder_mounts" jsonb null;`);
  }

  async down() {
    this.addSql(`alter table "sessions" drop column "vfolder_mounts";`);
  }
}
exports.Migration20261204160000_session_vfolder_mounts = Migration20261204160000_session_vfolder_mounts;
