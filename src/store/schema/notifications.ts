// Tables owned by SNS and EventBridge (migration 0018).
export interface SnsTopicsTable {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  attributes: string;
  created_at: number;
}

export interface SnsSubscriptionsTable {
  arn: string;
  topic_arn: string;
  owner_account_id: string;
  region: string;
  protocol: string;
  endpoint: string;
  confirmed: number;
  token: string;
  attributes: string;
  created_at: number;
}

export interface SnsSigningKeysTable {
  region: string;
  cert_id: string;
  cert_pem: string;
  private_key: string;
  created_at: number;
}

export interface EventsRulesTable {
  arn: string;
  account_id: string;
  region: string;
  bus: string;
  name: string;
  pattern: string;
  state: string;
  description: string | null;
  role_arn: string | null;
  created_at: number;
}

/** A custom event bus (migration 0031); the default bus has no row. */
export interface EventsBusesTable {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  created_at: number;
}

/** A bus's resource policy (migration 0031). */
export interface EventsBusPoliciesTable {
  bus_arn: string;
  account_id: string;
  policy: string;
}

export interface EventsTargetsTable {
  rule_arn: string;
  target_id: string;
  target: string;
}

export interface EventsConnectionsTable {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  authorization_type: string;
  auth: string;
  created_at: number;
  updated_at: number;
}

export interface EventsApiDestinationsTable {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  connection_arn: string;
  endpoint: string;
  http_method: string;
  rate: number | null;
  created_at: number;
  updated_at: number;
}

export interface DeliveryOutboxTable {
  id: string;
  queue: string;
  payload: string;
  attempts: number;
  next_at: number;
  created_at: number;
}

export interface NotificationTables {
  sns_topics: SnsTopicsTable;
  sns_subscriptions: SnsSubscriptionsTable;
  sns_signing_keys: SnsSigningKeysTable;
  events_rules: EventsRulesTable;
  events_targets: EventsTargetsTable;
  events_buses: EventsBusesTable;
  events_bus_policies: EventsBusPoliciesTable;
  events_connections: EventsConnectionsTable;
  events_api_destinations: EventsApiDestinationsTable;
  delivery_outbox: DeliveryOutboxTable;
}
