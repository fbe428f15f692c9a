'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261204123000_agent_last_stat extends Migration {
  async up() {
    this.addSql(
      `alter table "agents" add column "last_stat" jsonb null, add column "last_stat_at" timestamptz null;`,
    );
  }

  async down() {
    this.addSql(`alter table "agents" drop column "last_stat", drop column "last_stat_at";`);
  }
}
exports.Migration20261204123000_agent_last_stat = Migration20261204123000_agent_last_stat;
