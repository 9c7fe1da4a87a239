/**
 * The bodies the `ingest` benchmark sends, and the rows they become: 100 new endpoints per
 * UpdateEndpointsBatch, 100 events of one endpoint per PutEvents. Shared by the client process
 * and the raw-insert baseline so both write the same data.
 */

export const ITEMS_PER_REQUEST = 100;

export function endpointItem(run: string, n: number): Record<string, unknown> {
  return {
    Id: `ep-${run}-${n}`,
    ChannelType: 'EMAIL',
    Address: `user${n}.${run}@example.com`,
    Attributes: { plan: [n % 3 === 0 ? 'pro' : 'free'], interests: ['shoes', 'hats'] },
    Metrics: { visits: n % 50 },
    Demographic: { Platform: 'ios', PlatformVersion: '17.1', Make: 'Apple', Model: 'iPhone', Locale: 'en_US', Timezone: 'America/New_York', AppVersion: '2.3.1' },
    Location: { Country: 'US', City: 'Seattle', PostalCode: '98101' },
    User: { UserId: `user-${run}-${n}`, UserAttributes: { FirstName: ['Ada'] } },
  };
}

export function endpointBatchBody(run: string, request: number): string {
  const items = Array.from({ length: ITEMS_PER_REQUEST }, (_, i) => endpointItem(run, request * ITEMS_PER_REQUEST + i));
  return JSON.stringify({ Item: items });
}

export function appEvent(n: number, at: Date): Record<string, unknown> {
  return {
    EventType: n % 10 === 0 ? '_session.start' : 'product.viewed',
    Timestamp: at.toISOString(),
    AppPackageName: 'com.example.shop',
    AppTitle: 'Shop',
    AppVersionCode: '231',
    SdkName: 'aws-amplify',
    ClientSdkVersion: '6.0.0',
    Attributes: { product: `sku-${n % 500}`, category: 'shoes' },
    Metrics: { price: 19.99, position: n % 20 },
    Session: { Id: `session-${Math.floor(n / 100)}`, StartTimestamp: at.toISOString() },
  };
}

export function eventsBody(run: string, request: number): string {
  const at = new Date();
  const { Id, ...endpoint } = endpointItem(run, request);
  void Id;
  const events = Object.fromEntries(Array.from({ length: ITEMS_PER_REQUEST }, (_, i) => [`ev-${request}-${i}`, appEvent(request * ITEMS_PER_REQUEST + i, at)]));
  return JSON.stringify({ BatchItem: { [`ep-${run}-${request}`]: { Endpoint: endpoint, Events: events } } });
}
