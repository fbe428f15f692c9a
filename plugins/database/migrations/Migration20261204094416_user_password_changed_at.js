'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261204094416_user_password_changed_at extends Migration {
  async up() {
    this.addSql(`alter table "users" add column "password_changed_at" timestamptz null;`);
  }

  async down() {
    this.addSql(`alter table "users" drop column "password_changed_at";`);
  }
}
exports.Migration20261204094416_user_password_changed_at = Migration20261204094416_user_password_changed_at;
