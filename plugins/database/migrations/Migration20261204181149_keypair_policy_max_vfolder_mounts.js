'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261204181149_keypair_policy_max_vfolder_mounts extends Migration {
  async up() {
    this.addSql(
      `alter table "keypair_resource_policies" add column "max_vfolder_mounts" int not null default 0;`,
    );
  }

  async down() {
    this.addSql(`alter table "keypair_resource_policies" drop column "max_vfolder_mounts";`);
  }
}
exports.Migration20261204181149_keypair_policy_max_vfolder_mounts =
  Migration20261204181149_keypair_policy_max_vfolder_mounts;
