'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

/** Which agent has which image (from heartbeats), for the admin API's `installed` / `installed_agents`. */
class Migration20261204124500_agent_images extends Migration {
  async up() {
    this.addSql(
      `create table "agent_images" ("agent_id" varchar(64) not null, "image" uuid not null, constraint "agent_images_pkey" primary key ("agent_id", "image"));`,
    );
    this.addSql(
      `alter table "agent_images" add constraint "agent_images_image_foreign" foreign key ("image") references "images" ("id") on update cascade on delete cascade;`,
    );
  }

  async down() {
    this.addSql(`drop table if exists "agent_images" cascade;`);
  }
}
exports.Migration20261204124500_agent_images = Migration20261204124500_agent_images;
