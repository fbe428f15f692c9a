'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261122235440_session_designated_agents extends Migration {
  async up() {
    this.addSql(`alter table "sessions" add column "designated_agents" jsonb null;`);
  }

  async down() {
    this.addSql(`alter table "sessions" drop column "designated_agents";`);
  }
}
exports.Migration20261122235440_session_designated_agents = Migration20261122235440_session_designated_agents;
