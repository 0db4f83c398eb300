// The PingOne and Haiilo documentation pages the guide points to, opened in the browser
// through `open_link` (whose allow-list holds docs.pingidentity.com and support.haiilo.com).
// Addresses as the publishers give them; the titles are the pages' own, in the pages' language
// (English: PingOne documents in English only, and these Haiilo articles are the English
// ones; no German version of them was found), so the German UI shows them as they are,
// marked with `lang`.

import type { Lang } from './bindings/Lang';

export interface DocLink {
  id: string;
  /** The page's title, as its site shows it. */
  title: string;
  url: string;
  site: 'PingOne' | 'Haiilo';
  /** The page's language (English when not given): its title is shown in it, marked for screen readers. */
  lang?: Lang;
}

export const DOCS = {
  viewSyncStatus: {
    id: 'view_sync_status',
    title: 'Viewing sync status',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_view_sync_status.html',
    site: 'PingOne',
  },
  syncStatus: {
    id: 'sync_status',
    title: 'Sync status',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_provisioning_sync_status.html',
    site: 'PingOne',
  },
  resync: {
    id: 'resync',
    title: 'Provisioning configuration change resync behavior',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_resync_configurations.html',
    site: 'PingOne',
  },
  syncSummaryExamples: {
    id: 'sync_summary_examples',
    title: 'Outbound provisioning sync summary examples',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_outbound_group_provisioning_sync_summary_examples.html',
    site: 'PingOne',
  },
  groupProvisioning: {
    id: 'group_provisioning',
    title: 'Configuring outbound group provisioning',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_provisioning_configuring_outbound_group_provisioning.html',
    site: 'PingOne',
  },
  scimFeatures: {
    id: 'scim_features',
    title: 'SCIM provisioning features',
    url: 'https://docs.pingidentity.com/pingone/integrations/p1_scim_provisioning_features.html',
    site: 'PingOne',
  },
  haiiloScim: {
    id: 'haiilo_scim',
    title: 'User directory: SCIM',
    url: 'https://support.haiilo.com/hc/en-us/articles/27893961511954',
    site: 'Haiilo',
  },
  haiiloPing: {
    id: 'haiilo_ping',
    title: 'Setting up SCIM on Ping Identity',
    url: 'https://support.haiilo.com/hc/en-us/articles/30493860969874',
    site: 'Haiilo',
  },
  haiiloStatuses: {
    id: 'haiilo_statuses',
    title: 'Understanding account statuses',
    url: 'https://support.haiilo.com/hc/en-us/articles/360006268839',
    site: 'Haiilo',
  },
} as const satisfies Record<string, DocLink>;

export const ALL_DOCS: DocLink[] = Object.values(DOCS);
