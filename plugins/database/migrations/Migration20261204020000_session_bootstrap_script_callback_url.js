'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261204020000_session_bootstrap_script_callback_url extends Migration {
  async up() {
    this.addSql(
      `alter table "sessions" add column "bootstrap_script" text null, add column "callback_url" varchar(1024) null;`,
    );
  }

  async down() {
    this.addSql(`alter table "sessions" drop column "bootstrap_script", drop column "callback_url";`);
  }
}
exports.Migration20261204020000_session_bootstrap_script_callback_url =
  Migration20261204020000_session_bootstrap_script_callback_url;
