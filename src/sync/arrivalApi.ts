/** An arriving person's one call (入市登记, issue #20): open, no credential; answers the receipt. */
import type { ArrivalReceipt, ArrivalRequest } from '../core/arrivalWire.ts';
import { call } from './api.ts';

export const sendArrival = (body: ArrivalRequest) => call<ArrivalReceipt>('/arrivals', { method: 'POST', body: JSON.stringify(body) });
