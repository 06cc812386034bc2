/// <reference types="vite/client" />
import type { Component } from 'vue';
import type { Permission } from '@dz/contracts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Menu, breadcrumb and document title. */
    title?: string;
    /**
     * The permission a staff member needs to see the menu entry and open the page; a list means any
     * one of them will do (统计分析 is for content editors and for auditors).
     */
    permission?: Permission | readonly Permission[];
    /** Menu icon from @element-plus/icons-vue. */
    icon?: Component;
    /** Menu group key (router/groups.ts); entries without a group sit at the top of the menu. */
    group?: string;
    /** Position inside the menu (smaller first). */
    order?: number;
    /** Reachable without a console session (login). */
    public?: boolean;
    /** Not listed in the menu (error pages, details). */
    hideInMenu?: boolean;
  }
}

export {};
