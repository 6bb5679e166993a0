/**
 * Generated from openapi/openapi.json by `npm run client:generate` (openapi-typescript).
 * Do not edit: change the routes or schemas in src/api/, then run `npm run openapi:write`
 * and `npm run client:generate`.
 */

export interface paths {
    "/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tenants (admin key only) */
        get: operations["listTenants"];
        put?: never;
        /** Create a tenant (admin key only) */
        post: operations["createTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a tenant */
        get: operations["getTenant"];
        put?: never;
        post?: never;
        /** Delete a tenant (refused while it has endpoints, unless ?force=true; admin key only) */
        delete: operations["deleteTenant"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List this tenant's API keys (prefix and creation time, never the key) */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key for this tenant (admin key only); the key is in this response and never again */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/api-keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key at once (the admin key, or any key of this tenant) */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List endpoints */
        get: operations["listEndpoints"];
        put?: never;
        /** Create an endpoint; the response carries its signing secret, or its public key for ed25519 (custom header values are masked) */
        post: operations["createEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an endpoint (never its secret; custom header values masked) */
        get: operations["getEndpoint"];
        put?: never;
        post?: never;
        /** Delete an endpoint; its waiting deliveries end failed at once */
        delete: operations["deleteEndpoint"];
        options?: never;
        head?: never;
        /** Update an endpoint */
        patch: operations["updateEndpoint"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/endpoints/{endpointId}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get the signing secret (and the previous one during a rotation); for ed25519 the public keys */
        get: operations["getEndpointSecret"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/endpoints/{endpointId}/headers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get the custom headers with their values (every other response masks the values) */
        get: operations["getEndpointHeaders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/endpoints/{endpointId}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the signing secret (ed25519: a new key pair); the previous one keeps signing for 24 hours */
        post: operations["rotateEndpointSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operational-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List operational endpoints (admin key only) */
        get: operations["listOperationalEndpoints"];
        put?: never;
        /** Create an operational endpoint (admin key only); the response carries its signing secret */
        post: operations["createOperationalEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operational-endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an operational endpoint (admin key only) */
        get: operations["getOperationalEndpoint"];
        put?: never;
        post?: never;
        /** Delete an operational endpoint (admin key only); its waiting deliveries end failed at once */
        delete: operations["deleteOperationalEndpoint"];
        options?: never;
        head?: never;
        /** Update an operational endpoint (admin key only) */
        patch: operations["updateOperationalEndpoint"];
        trace?: never;
    };
    "/v1/operational-endpoints/{endpointId}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get the signing secret of an operational endpoint (admin key only) */
        get: operations["getOperationalEndpointSecret"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operational-endpoints/{endpointId}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the signing secret of an operational endpoint (admin key only); the previous one keeps signing for 24 hours */
        post: operations["rotateOperationalEndpointSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/endpoints/{endpointId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test event of a type to this endpoint only, marked test */
        post: operations["sendTestEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List events, newest first
         * @description Filters combine: type (exact or prefix.*), status (events having a delivery in it), endpointId, since/until, test. Keyset pagination: pass nextCursor as cursor.
         */
        get: operations["listEvents"];
        put?: never;
        /**
         * Publish an event
         * @description With up to PUBLISH_DIRECT_START_MAX (8) subscribers its deliveries are created in the same transaction and listed in the response; with more, a fan-out workflow creates them right after (fanOutPending: true). The same Idempotency-Key or id again returns the same event and creates nothing new. `data` is stored and delivered as the JSON text sent, minified: key order, every digit of every number and string escapes are kept. Objects that repeat a key and numbers outside a double's range are refused (400 naming the field).
         */
        post: operations["publishEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/events/{eventId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an event with its payload and every delivery
         * @description `data` is the JSON text that was published (minified), byte for byte as receivers get it.
         */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/deliveries/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a delivery with every attempt, in order */
        get: operations["getDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/deliveries/{deliveryId}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resend: a waiting delivery attempts now; a finished or failed one is attempted once more
         * @description A delivery waiting for its retry, or held back by flow control, attempts now (a manual attempt). A delivery of a 'fifo' line still waiting for the one before it does not jump its line: its first attempt, when its turn comes, is manual. A finished or failed delivery gets one more attempt at once, unordered; a failed head of a blocked line that then finishes lets the line go on.
         */
        post: operations["resendDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/deliveries/{deliveryId}/skip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Let a blocked line go past this failed delivery (fifo endpoints with fifoOnFailure 'block')
         * @description The delivery stays failed; the next delivery in its line (same endpoint and ordering key) is attempted. Only a delivery that failed for good, at a 'fifo' endpoint, can be skipped (409 otherwise). Skipping it again changes nothing.
         */
        post: operations["skipDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List deliveries, newest first
         * @description Filters combine: status, endpointId, eventType (exact or prefix.*), since/until. Keyset pagination: pass nextCursor as cursor.
         */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/endpoints/{endpointId}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Attempts, success rate and latency p50/p95 over a window (default 24h); last success and failure at any time */
        get: operations["getEndpointStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/endpoints/{endpointId}/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resend the failed deliveries of an endpoint in a time window
         * @description Resend every failed delivery of this endpoint created in [since, until) (until defaults to now), in batches at a bounded rate. The same window while a recovery runs joins it; another window is refused with 409.
         */
        post: operations["recoverEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/endpoints/{endpointId}/recover/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Progress of a recovery job */
        get: operations["getRecoveryJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the event type catalog by name (admin key only) */
        get: operations["listEventTypes"];
        put?: never;
        /**
         * Add an event type to the catalog (admin key only)
         * @description With a `schema`, published `data` of this type must match it (422 naming the failing path); `example` is what test events send.
         */
        post: operations["createEventType"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/event-types/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an event type (admin key only) */
        get: operations["getEventType"];
        put?: never;
        post?: never;
        /** Remove an event type from the catalog (admin key only); events of that type stay */
        delete: operations["deleteEventType"];
        options?: never;
        head?: never;
        /** Change an event type's description, schema, example or deprecation (admin key only) */
        patch: operations["updateEventType"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the event type catalog, as this tenant sees it (its keys and portal sessions may) */
        get: operations["listTenantEventTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/event-types/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an event type, as this tenant sees it */
        get: operations["getTenantEventType"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/portal-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open a customer-portal session for this tenant: a link to hand to the platform's customer
         * @description The admin key or the tenant's own API key. The `url` (on PUBLIC_URL) carries the session token in its fragment; it works until `expiresAt` (default 1 h, at most 24 h) or until revoked.
         */
        post: operations["createPortalSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/portal-sessions/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The portal session making this request: its tenant, read-only flag, theme and expiry (for the portal itself) */
        get: operations["getCurrentPortalSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/portal-sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a portal session at once: its link shows the portal's "expired" page */
        delete: operations["revokePortalSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @example {
         *       "error": {
         *         "code": "validation_failed",
         *         "message": "Invalid body: url: must be an absolute http(s) URL",
         *         "details": [
         *           {
         *             "field": "url",
         *             "message": "must be an absolute http(s) URL"
         *           }
         *         ]
         *       }
         *     }
         */
        Error: {
            error: {
                code: string;
                message: string;
                details: {
                    field: string;
                    message: string;
                }[];
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listTenants: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tenants, by id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createTenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "acme",
                 *       "name": "Acme Inc."
                 *     }
                 */
                "application/json": {
                    id?: string;
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "acme",
                     *       "name": "Acme Inc.",
                     *       "createdAt": "2026-01-31T12:00:00.000Z",
                     *       "updatedAt": "2026-01-31T12:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        name: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Id taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteTenant: {
        parameters: {
            query?: {
                force?: "true" | "false";
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted with everything it owned */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Has endpoints */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Keys, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            tenantId: string;
                            name: string;
                            prefix: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown tenant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Created: `key` is shown only here */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenantId: string;
                        name: string;
                        prefix: string;
                        /** Format: date-time */
                        createdAt: string;
                        key: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown tenant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEndpoints: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Endpoints, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            tenantId: string;
                            url: string;
                            description: string;
                            eventTypes: string[];
                            enabled: boolean;
                            disabledReason: string | null;
                            /** @description Custom header names; every value shows as "••••••" (GET …/headers shows them) */
                            headers: {
                                [key: string]: string;
                            };
                            retrySchedule: string[] | null;
                            timeoutMs: number | null;
                            /**
                             * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                             * @enum {string}
                             */
                            signatureScheme: "hmac-sha256" | "ed25519";
                            /** @description Deliveries per second to this endpoint (null: no limit) */
                            rateLimit: number | null;
                            /** @description The most attempts in flight to this endpoint at once (null: no limit) */
                            maxInFlight: number | null;
                            /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                            propagateTrace: boolean;
                            /**
                             * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                             * @enum {string}
                             */
                            ordering: "none" | "fifo";
                            /**
                             * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                             * @enum {string}
                             */
                            fifoOnFailure: "continue" | "block";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://webhooks.acme.dev/hookflow",
                 *       "description": "Order events for billing",
                 *       "eventTypes": [
                 *         "order.*"
                 *       ],
                 *       "headers": {
                 *         "X-Team": "billing"
                 *       },
                 *       "retrySchedule": [
                 *         "5s",
                 *         "1m",
                 *         "10m",
                 *         "1h"
                 *       ],
                 *       "rateLimit": 20,
                 *       "maxInFlight": 5
                 *     }
                 */
                "application/json": {
                    url: string;
                    description?: string;
                    eventTypes?: string[];
                    enabled?: boolean;
                    headers?: {
                        [key: string]: string;
                    };
                    retrySchedule?: string[];
                    timeoutMs?: number;
                    /** @description Your own HMAC secret (hmac-sha256 only); hookflow generates one when absent */
                    secret?: string;
                    /**
                     * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                     * @enum {string}
                     */
                    signatureScheme?: "hmac-sha256" | "ed25519";
                    rateLimit?: number | null;
                    maxInFlight?: number | null;
                    /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                    propagateTrace?: boolean;
                    /**
                     * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                     * @enum {string}
                     */
                    ordering?: "none" | "fifo";
                    /**
                     * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                     * @enum {string}
                     */
                    fifoOnFailure?: "continue" | "block";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "ep_01KB0ZQ7V4J8XG3M2N5P6R7S8T",
                     *       "tenantId": "acme",
                     *       "url": "https://webhooks.acme.dev/hookflow",
                     *       "description": "Order events for billing",
                     *       "eventTypes": [
                     *         "order.*"
                     *       ],
                     *       "enabled": true,
                     *       "disabledReason": null,
                     *       "headers": {
                     *         "X-Team": "••••••"
                     *       },
                     *       "retrySchedule": [
                     *         "5s",
                     *         "1m",
                     *         "10m",
                     *         "1h"
                     *       ],
                     *       "timeoutMs": null,
                     *       "signatureScheme": "hmac-sha256",
                     *       "rateLimit": 20,
                     *       "maxInFlight": 5,
                     *       "propagateTrace": false,
                     *       "ordering": "none",
                     *       "fifoOnFailure": "continue",
                     *       "createdAt": "2026-01-31T12:00:00.000Z",
                     *       "updatedAt": "2026-01-31T12:00:00.000Z",
                     *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        tenantId: string;
                        url: string;
                        description: string;
                        eventTypes: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        /** @description Custom header names; every value shows as "••••••" (GET …/headers shows them) */
                        headers: {
                            [key: string]: string;
                        };
                        retrySchedule: string[] | null;
                        timeoutMs: number | null;
                        /**
                         * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                         * @enum {string}
                         */
                        signatureScheme: "hmac-sha256" | "ed25519";
                        /** @description Deliveries per second to this endpoint (null: no limit) */
                        rateLimit: number | null;
                        /** @description The most attempts in flight to this endpoint at once (null: no limit) */
                        maxInFlight: number | null;
                        /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                        propagateTrace: boolean;
                        /**
                         * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                         * @enum {string}
                         */
                        ordering: "none" | "fifo";
                        /**
                         * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                         * @enum {string}
                         */
                        fifoOnFailure: "continue" | "block";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description The `whsec_` HMAC secret (hmac-sha256 endpoints) */
                        secret: string;
                    } | {
                        id: string;
                        tenantId: string;
                        url: string;
                        description: string;
                        eventTypes: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        /** @description Custom header names; every value shows as "••••••" (GET …/headers shows them) */
                        headers: {
                            [key: string]: string;
                        };
                        retrySchedule: string[] | null;
                        timeoutMs: number | null;
                        /**
                         * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                         * @enum {string}
                         */
                        signatureScheme: "hmac-sha256" | "ed25519";
                        /** @description Deliveries per second to this endpoint (null: no limit) */
                        rateLimit: number | null;
                        /** @description The most attempts in flight to this endpoint at once (null: no limit) */
                        maxInFlight: number | null;
                        /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                        propagateTrace: boolean;
                        /**
                         * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                         * @enum {string}
                         */
                        ordering: "none" | "fifo";
                        /**
                         * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                         * @enum {string}
                         */
                        fifoOnFailure: "continue" | "block";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description `whpk_` + base64 of the raw 32-byte Ed25519 public key: verify `v1a` signatures with it */
                        publicKey: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown tenant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The url points at a private, loopback, link-local or otherwise blocked address */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "ep_01KB0ZQ7V4J8XG3M2N5P6R7S8T",
                     *       "tenantId": "acme",
                     *       "url": "https://webhooks.acme.dev/hookflow",
                     *       "description": "Order events for billing",
                     *       "eventTypes": [
                     *         "order.*"
                     *       ],
                     *       "enabled": true,
                     *       "disabledReason": null,
                     *       "headers": {
                     *         "X-Team": "••••••"
                     *       },
                     *       "retrySchedule": [
                     *         "5s",
                     *         "1m",
                     *         "10m",
                     *         "1h"
                     *       ],
                     *       "timeoutMs": null,
                     *       "signatureScheme": "hmac-sha256",
                     *       "rateLimit": 20,
                     *       "maxInFlight": 5,
                     *       "propagateTrace": false,
                     *       "ordering": "none",
                     *       "fifoOnFailure": "continue",
                     *       "createdAt": "2026-01-31T12:00:00.000Z",
                     *       "updatedAt": "2026-01-31T12:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        tenantId: string;
                        url: string;
                        description: string;
                        eventTypes: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        /** @description Custom header names; every value shows as "••••••" (GET …/headers shows them) */
                        headers: {
                            [key: string]: string;
                        };
                        retrySchedule: string[] | null;
                        timeoutMs: number | null;
                        /**
                         * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                         * @enum {string}
                         */
                        signatureScheme: "hmac-sha256" | "ed25519";
                        /** @description Deliveries per second to this endpoint (null: no limit) */
                        rateLimit: number | null;
                        /** @description The most attempts in flight to this endpoint at once (null: no limit) */
                        maxInFlight: number | null;
                        /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                        propagateTrace: boolean;
                        /**
                         * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                         * @enum {string}
                         */
                        ordering: "none" | "fifo";
                        /**
                         * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                         * @enum {string}
                         */
                        fifoOnFailure: "continue" | "block";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": {
                     *         "code": "not_found",
                     *         "message": "endpoint \"ep_01KB0ZQ7V4J8XG3M2N5P6R7S8T\" not found",
                     *         "details": [
                     *           {
                     *             "field": "endpointId",
                     *             "message": "no endpoint with this id"
                     *           }
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url?: string;
                    description?: string;
                    eventTypes?: string[];
                    enabled?: boolean;
                    headers?: {
                        [key: string]: string;
                    };
                    retrySchedule?: string[] | null;
                    timeoutMs?: number | null;
                    /**
                     * @description Accepted only when it is the endpoint's scheme already: the scheme cannot be changed
                     * @enum {string}
                     */
                    signatureScheme?: "hmac-sha256" | "ed25519";
                    rateLimit?: number | null;
                    maxInFlight?: number | null;
                    /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                    propagateTrace?: boolean;
                    /**
                     * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                     * @enum {string}
                     */
                    ordering?: "none" | "fifo";
                    /**
                     * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                     * @enum {string}
                     */
                    fifoOnFailure?: "continue" | "block";
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenantId: string;
                        url: string;
                        description: string;
                        eventTypes: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        /** @description Custom header names; every value shows as "••••••" (GET …/headers shows them) */
                        headers: {
                            [key: string]: string;
                        };
                        retrySchedule: string[] | null;
                        timeoutMs: number | null;
                        /**
                         * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                         * @enum {string}
                         */
                        signatureScheme: "hmac-sha256" | "ed25519";
                        /** @description Deliveries per second to this endpoint (null: no limit) */
                        rateLimit: number | null;
                        /** @description The most attempts in flight to this endpoint at once (null: no limit) */
                        maxInFlight: number | null;
                        /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                        propagateTrace: boolean;
                        /**
                         * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                         * @enum {string}
                         */
                        ordering: "none" | "fifo";
                        /**
                         * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                         * @enum {string}
                         */
                        fifoOnFailure: "continue" | "block";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The url points at a private, loopback, link-local or otherwise blocked address */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEndpointSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Secrets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        secret: string;
                        previousSecret: string | null;
                        previousSecretExpiresAt: string | null;
                    } | {
                        /** @description `whpk_` + base64 of the raw 32-byte Ed25519 public key: verify `v1a` signatures with it */
                        publicKey: string;
                        /** @description The public key of the previous private key, which signs too until it expires */
                        previousPublicKey: string | null;
                        previousPublicKeyExpiresAt: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEndpointHeaders: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Custom headers, in clear */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        headers: {
                            [key: string]: string;
                        };
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateEndpointSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new secrets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "secret": "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
                     *       "previousSecret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                     *       "previousSecretExpiresAt": "2026-02-01T12:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        secret: string;
                        previousSecret: string | null;
                        previousSecretExpiresAt: string | null;
                    } | {
                        /** @description `whpk_` + base64 of the raw 32-byte Ed25519 public key: verify `v1a` signatures with it */
                        publicKey: string;
                        /** @description The public key of the previous private key, which signs too until it expires */
                        previousPublicKey: string | null;
                        previousPublicKeyExpiresAt: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listOperationalEndpoints: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Operational endpoints, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            tenantId: string;
                            url: string;
                            description: string;
                            eventTypes: string[];
                            enabled: boolean;
                            disabledReason: string | null;
                            /** @description Custom header names; every value shows as "••••••" (GET …/headers shows them) */
                            headers: {
                                [key: string]: string;
                            };
                            retrySchedule: string[] | null;
                            timeoutMs: number | null;
                            /**
                             * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                             * @enum {string}
                             */
                            signatureScheme: "hmac-sha256" | "ed25519";
                            /** @description Deliveries per second to this endpoint (null: no limit) */
                            rateLimit: number | null;
                            /** @description The most attempts in flight to this endpoint at once (null: no limit) */
                            maxInFlight: number | null;
                            /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                            propagateTrace: boolean;
                            /**
                             * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                             * @enum {string}
                             */
                            ordering: "none" | "fifo";
                            /**
                             * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                             * @enum {string}
                             */
                            fifoOnFailure: "continue" | "block";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createOperationalEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://ops.platform.example/hookflow-notices",
                 *       "description": "Pager for disabled and failing endpoints",
                 *       "eventTypes": [
                 *         "endpoint.disabled",
                 *         "endpoint.failing",
                 *         "delivery.exhausted"
                 *       ]
                 *     }
                 */
                "application/json": {
                    url: string;
                    description?: string;
                    eventTypes?: string[];
                    enabled?: boolean;
                    headers?: {
                        [key: string]: string;
                    };
                    retrySchedule?: string[];
                    timeoutMs?: number;
                    /** @description Your own HMAC secret (hmac-sha256 only); hookflow generates one when absent */
                    secret?: string;
                    /**
                     * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                     * @enum {string}
                     */
                    signatureScheme?: "hmac-sha256" | "ed25519";
                    rateLimit?: number | null;
                    maxInFlight?: number | null;
                    /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                    propagateTrace?: boolean;
                    /**
                     * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                     * @enum {string}
                     */
                    ordering?: "none" | "fifo";
                    /**
                     * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                     * @enum {string}
                     */
                    fifoOnFailure?: "continue" | "block";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenantId: string;
                        url: string;
                        description: string;
                        eventTypes: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        /** @description Custom header names; every value shows as "••••••" (GET …/headers shows them) */
                        headers: {
                            [key: string]: string;
                        };
                        retrySchedule: string[] | null;
                        timeoutMs: number | null;
                        /**
                         * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                         * @enum {string}
                         */
                        signatureScheme: "hmac-sha256" | "ed25519";
                        /** @description Deliveries per second to this endpoint (null: no limit) */
                        rateLimit: number | null;
                        /** @description The most attempts in flight to this endpoint at once (null: no limit) */
                        maxInFlight: number | null;
                        /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                        propagateTrace: boolean;
                        /**
                         * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                         * @enum {string}
                         */
                        ordering: "none" | "fifo";
                        /**
                         * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                         * @enum {string}
                         */
                        fifoOnFailure: "continue" | "block";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description The `whsec_` HMAC secret (hmac-sha256 endpoints) */
                        secret: string;
                    } | {
                        id: string;
                        tenantId: string;
                        url: string;
                        description: string;
                        eventTypes: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        /** @description Custom header names; every value shows as "••••••" (GET …/headers shows them) */
                        headers: {
                            [key: string]: string;
                        };
                        retrySchedule: string[] | null;
                        timeoutMs: number | null;
                        /**
                         * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                         * @enum {string}
                         */
                        signatureScheme: "hmac-sha256" | "ed25519";
                        /** @description Deliveries per second to this endpoint (null: no limit) */
                        rateLimit: number | null;
                        /** @description The most attempts in flight to this endpoint at once (null: no limit) */
                        maxInFlight: number | null;
                        /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                        propagateTrace: boolean;
                        /**
                         * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                         * @enum {string}
                         */
                        ordering: "none" | "fifo";
                        /**
                         * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                         * @enum {string}
                         */
                        fifoOnFailure: "continue" | "block";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description `whpk_` + base64 of the raw 32-byte Ed25519 public key: verify `v1a` signatures with it */
                        publicKey: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The url points at a private, loopback, link-local or otherwise blocked address */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOperationalEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The operational endpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenantId: string;
                        url: string;
                        description: string;
                        eventTypes: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        /** @description Custom header names; every value shows as "••••••" (GET …/headers shows them) */
                        headers: {
                            [key: string]: string;
                        };
                        retrySchedule: string[] | null;
                        timeoutMs: number | null;
                        /**
                         * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                         * @enum {string}
                         */
                        signatureScheme: "hmac-sha256" | "ed25519";
                        /** @description Deliveries per second to this endpoint (null: no limit) */
                        rateLimit: number | null;
                        /** @description The most attempts in flight to this endpoint at once (null: no limit) */
                        maxInFlight: number | null;
                        /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                        propagateTrace: boolean;
                        /**
                         * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                         * @enum {string}
                         */
                        ordering: "none" | "fifo";
                        /**
                         * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                         * @enum {string}
                         */
                        fifoOnFailure: "continue" | "block";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteOperationalEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateOperationalEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url?: string;
                    description?: string;
                    eventTypes?: string[];
                    enabled?: boolean;
                    headers?: {
                        [key: string]: string;
                    };
                    retrySchedule?: string[] | null;
                    timeoutMs?: number | null;
                    /**
                     * @description Accepted only when it is the endpoint's scheme already: the scheme cannot be changed
                     * @enum {string}
                     */
                    signatureScheme?: "hmac-sha256" | "ed25519";
                    rateLimit?: number | null;
                    maxInFlight?: number | null;
                    /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                    propagateTrace?: boolean;
                    /**
                     * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                     * @enum {string}
                     */
                    ordering?: "none" | "fifo";
                    /**
                     * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                     * @enum {string}
                     */
                    fifoOnFailure?: "continue" | "block";
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenantId: string;
                        url: string;
                        description: string;
                        eventTypes: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        /** @description Custom header names; every value shows as "••••••" (GET …/headers shows them) */
                        headers: {
                            [key: string]: string;
                        };
                        retrySchedule: string[] | null;
                        timeoutMs: number | null;
                        /**
                         * @description hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; it cannot be changed.
                         * @enum {string}
                         */
                        signatureScheme: "hmac-sha256" | "ed25519";
                        /** @description Deliveries per second to this endpoint (null: no limit) */
                        rateLimit: number | null;
                        /** @description The most attempts in flight to this endpoint at once (null: no limit) */
                        maxInFlight: number | null;
                        /** @description When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers */
                        propagateTrace: boolean;
                        /**
                         * @description 'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change
                         * @enum {string}
                         */
                        ordering: "none" | "fifo";
                        /**
                         * @description For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go
                         * @enum {string}
                         */
                        fifoOnFailure: "continue" | "block";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The url points at a private, loopback, link-local or otherwise blocked address */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOperationalEndpointSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Secrets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        secret: string;
                        previousSecret: string | null;
                        previousSecretExpiresAt: string | null;
                    } | {
                        /** @description `whpk_` + base64 of the raw 32-byte Ed25519 public key: verify `v1a` signatures with it */
                        publicKey: string;
                        /** @description The public key of the previous private key, which signs too until it expires */
                        previousPublicKey: string | null;
                        previousPublicKeyExpiresAt: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateOperationalEndpointSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new secrets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        secret: string;
                        previousSecret: string | null;
                        previousSecretExpiresAt: string | null;
                    } | {
                        /** @description `whpk_` + base64 of the raw 32-byte Ed25519 public key: verify `v1a` signatures with it */
                        publicKey: string;
                        /** @description The public key of the previous private key, which signs too until it expires */
                        previousPublicKey: string | null;
                        previousPublicKeyExpiresAt: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sendTestEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "order.created"
                 *     }
                 */
                "application/json": {
                    type: string;
                    data?: unknown;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        type: string;
                        /** Format: date-time */
                        createdAt: string;
                        test: boolean;
                        /** @description True while the deliveries are still being created: an event with more subscribers than PUBLISH_DIRECT_START_MAX is fanned out by a workflow after the 202, and its deliveries appear on GET. */
                        fanOutPending: boolean;
                        deliveries: {
                            id: string;
                            endpointId: string;
                            /** @enum {string} */
                            status: "new" | "retrying" | "finished" | "failed";
                        }[];
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                type?: string;
                status?: "new" | "retrying" | "finished" | "failed";
                endpointId?: string;
                since?: string;
                until?: string;
                test?: "true" | "false";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events with per-status delivery counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            type: string;
                            test: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description True while the deliveries are still being created: an event with more subscribers than PUBLISH_DIRECT_START_MAX is fanned out by a workflow after the 202, and its deliveries appear on GET. */
                            fanOutPending: boolean;
                            deliveries: {
                                new: number;
                                retrying: number;
                                finished: number;
                                failed: number;
                            };
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    publishEvent: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "order.created",
                 *       "data": {
                 *         "orderId": "ord_42",
                 *         "total": 1999,
                 *         "currency": "EUR"
                 *       }
                 *     }
                 */
                "application/json": {
                    type: string;
                    data: unknown;
                    id?: string;
                    /** @description The event's line at endpoints with ordering 'fifo' (an order id, say): deliveries of events with the same key are attempted strictly in publish order. Ignored by other endpoints. Events without one share the default line */
                    orderingKey?: string;
                };
            };
        };
        responses: {
            /** @description Accepted: stored, deliveries created and starting */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "evt_01KB0ZR2C9D0E1F2G3H4J5K6M7",
                     *       "type": "order.created",
                     *       "createdAt": "2026-01-31T12:00:00.000Z",
                     *       "test": false,
                     *       "fanOutPending": false,
                     *       "deliveries": [
                     *         {
                     *           "id": "dlv_01KB0ZR2CAD0E1F2G3H4J5K6M8",
                     *           "endpointId": "ep_01KB0ZQ7V4J8XG3M2N5P6R7S8T",
                     *           "status": "new"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        id: string;
                        type: string;
                        /** Format: date-time */
                        createdAt: string;
                        test: boolean;
                        /** @description True while the deliveries are still being created: an event with more subscribers than PUBLISH_DIRECT_START_MAX is fanned out by a workflow after the 202, and its deliveries appear on GET. */
                        fanOutPending: boolean;
                        deliveries: {
                            id: string;
                            endpointId: string;
                            /** @enum {string} */
                            status: "new" | "retrying" | "finished" | "failed";
                        }[];
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown tenant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than MAX_PAYLOAD_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Database unavailable: nothing stored */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenantId: string;
                        type: string;
                        data: unknown;
                        test: boolean;
                        idempotencyKey: string | null;
                        /** @description The publish's orderingKey (its line at 'fifo' endpoints) */
                        orderingKey: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description True while the deliveries are still being created: an event with more subscribers than PUBLISH_DIRECT_START_MAX is fanned out by a workflow after the 202, and its deliveries appear on GET. */
                        fanOutPending: boolean;
                        deliveries: {
                            id: string;
                            tenantId: string;
                            eventId: string;
                            endpointId: string;
                            /** @enum {string} */
                            status: "new" | "retrying" | "finished" | "failed";
                            attemptCount: number;
                            /** @description When the delivery is next tried, while it waits (see waitingFor) */
                            nextAttemptAt: string | null;
                            /** @description Why the delivery waits until nextAttemptAt: 'retry' (its retry schedule), or held back by its endpoint's flow control: 'rate_limit', 'in_flight_limit', 'endpoint_backoff' (a Retry-After or repeated 502/504/timeouts). A held-back delivery has made no attempt for it and keeps its retry schedule. 'predecessor' (fifo endpoints): it waits, with no nextAttemptAt, for the delivery before it in its line (predecessorId) to settle. Null when it is not waiting. */
                            waitingFor: ("rate_limit" | "in_flight_limit" | "endpoint_backoff" | "retry" | "predecessor") | null;
                            /** @description Its line at a 'fifo' endpoint ('' is the default line); null: not ordered */
                            orderingKey: string | null;
                            /** @description Its place in its line, 1, 2, …, gap-free; sent as the webhook-sequence header. Null: not ordered */
                            sequence: number | null;
                            /** @description The delivery before it in its line (null: first, or not ordered) */
                            predecessorId: string | null;
                            lastStatusCode: number | null;
                            lastError: string | null;
                            failureReason: string | null;
                            workflowId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "dlv_01KB0ZR2CAD0E1F2G3H4J5K6M8",
                     *       "tenantId": "acme",
                     *       "eventId": "evt_01KB0ZR2C9D0E1F2G3H4J5K6M7",
                     *       "endpointId": "ep_01KB0ZQ7V4J8XG3M2N5P6R7S8T",
                     *       "status": "finished",
                     *       "attemptCount": 2,
                     *       "nextAttemptAt": null,
                     *       "waitingFor": null,
                     *       "orderingKey": null,
                     *       "sequence": null,
                     *       "predecessorId": null,
                     *       "lastStatusCode": 200,
                     *       "lastError": null,
                     *       "failureReason": null,
                     *       "workflowId": "delivery-dlv_01KB0ZR2CAD0E1F2G3H4J5K6M8",
                     *       "createdAt": "2026-01-31T12:00:00.000Z",
                     *       "updatedAt": "2026-01-31T12:00:05.210Z",
                     *       "attempts": [
                     *         {
                     *           "number": 1,
                     *           "trigger": "scheduled",
                     *           "startedAt": "2026-01-31T12:00:00.050Z",
                     *           "durationMs": 31,
                     *           "statusCode": 503,
                     *           "responseBody": "busy",
                     *           "errorKind": "http_status",
                     *           "errorMessage": "HTTP 503"
                     *         },
                     *         {
                     *           "number": 2,
                     *           "trigger": "scheduled",
                     *           "startedAt": "2026-01-31T12:00:05.150Z",
                     *           "durationMs": 60,
                     *           "statusCode": 200,
                     *           "responseBody": "ok",
                     *           "errorKind": null,
                     *           "errorMessage": null
                     *         }
                     *       ],
                     *       "workflow": {
                     *         "id": "delivery-dlv_01KB0ZR2CAD0E1F2G3H4J5K6M8",
                     *         "url": "http://localhost:8233/namespaces/default/workflows/delivery-dlv_01KB0ZR2CAD0E1F2G3H4J5K6M8"
                     *       }
                     *     }
                     */
                    "application/json": {
                        id: string;
                        tenantId: string;
                        eventId: string;
                        endpointId: string;
                        /** @enum {string} */
                        status: "new" | "retrying" | "finished" | "failed";
                        attemptCount: number;
                        /** @description When the delivery is next tried, while it waits (see waitingFor) */
                        nextAttemptAt: string | null;
                        /** @description Why the delivery waits until nextAttemptAt: 'retry' (its retry schedule), or held back by its endpoint's flow control: 'rate_limit', 'in_flight_limit', 'endpoint_backoff' (a Retry-After or repeated 502/504/timeouts). A held-back delivery has made no attempt for it and keeps its retry schedule. 'predecessor' (fifo endpoints): it waits, with no nextAttemptAt, for the delivery before it in its line (predecessorId) to settle. Null when it is not waiting. */
                        waitingFor: ("rate_limit" | "in_flight_limit" | "endpoint_backoff" | "retry" | "predecessor") | null;
                        /** @description Its line at a 'fifo' endpoint ('' is the default line); null: not ordered */
                        orderingKey: string | null;
                        /** @description Its place in its line, 1, 2, …, gap-free; sent as the webhook-sequence header. Null: not ordered */
                        sequence: number | null;
                        /** @description The delivery before it in its line (null: first, or not ordered) */
                        predecessorId: string | null;
                        lastStatusCode: number | null;
                        lastError: string | null;
                        failureReason: string | null;
                        workflowId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        attempts: {
                            number: number;
                            /** @enum {string} */
                            trigger: "scheduled" | "manual" | "test";
                            /** Format: date-time */
                            startedAt: string;
                            durationMs: number;
                            statusCode: number | null;
                            responseBody: string | null;
                            errorKind: ("timeout" | "connection" | "dns" | "http_status" | "blocked" | "invalid_response") | null;
                            errorMessage: string | null;
                        }[];
                        workflow: {
                            id: string;
                            url: string;
                        };
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resendDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Resend requested */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "dlv_01KB0ZR2CAD0E1F2G3H4J5K6M8",
                     *       "endpointId": "ep_01KB0ZQ7V4J8XG3M2N5P6R7S8T",
                     *       "status": "retrying"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        endpointId: string;
                        /** @enum {string} */
                        status: "new" | "retrying" | "finished" | "failed";
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Endpoint disabled or deleted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    skipDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Skipped: the line goes on */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenantId: string;
                        eventId: string;
                        endpointId: string;
                        /** @enum {string} */
                        status: "new" | "retrying" | "finished" | "failed";
                        attemptCount: number;
                        /** @description When the delivery is next tried, while it waits (see waitingFor) */
                        nextAttemptAt: string | null;
                        /** @description Why the delivery waits until nextAttemptAt: 'retry' (its retry schedule), or held back by its endpoint's flow control: 'rate_limit', 'in_flight_limit', 'endpoint_backoff' (a Retry-After or repeated 502/504/timeouts). A held-back delivery has made no attempt for it and keeps its retry schedule. 'predecessor' (fifo endpoints): it waits, with no nextAttemptAt, for the delivery before it in its line (predecessorId) to settle. Null when it is not waiting. */
                        waitingFor: ("rate_limit" | "in_flight_limit" | "endpoint_backoff" | "retry" | "predecessor") | null;
                        /** @description Its line at a 'fifo' endpoint ('' is the default line); null: not ordered */
                        orderingKey: string | null;
                        /** @description Its place in its line, 1, 2, …, gap-free; sent as the webhook-sequence header. Null: not ordered */
                        sequence: number | null;
                        /** @description The delivery before it in its line (null: first, or not ordered) */
                        predecessorId: string | null;
                        lastStatusCode: number | null;
                        lastError: string | null;
                        failureReason: string | null;
                        workflowId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not a failed delivery of a fifo line */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                status?: "new" | "retrying" | "finished" | "failed";
                endpointId?: string;
                eventType?: string;
                since?: string;
                until?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            tenantId: string;
                            eventId: string;
                            endpointId: string;
                            /** @enum {string} */
                            status: "new" | "retrying" | "finished" | "failed";
                            attemptCount: number;
                            /** @description When the delivery is next tried, while it waits (see waitingFor) */
                            nextAttemptAt: string | null;
                            /** @description Why the delivery waits until nextAttemptAt: 'retry' (its retry schedule), or held back by its endpoint's flow control: 'rate_limit', 'in_flight_limit', 'endpoint_backoff' (a Retry-After or repeated 502/504/timeouts). A held-back delivery has made no attempt for it and keeps its retry schedule. 'predecessor' (fifo endpoints): it waits, with no nextAttemptAt, for the delivery before it in its line (predecessorId) to settle. Null when it is not waiting. */
                            waitingFor: ("rate_limit" | "in_flight_limit" | "endpoint_backoff" | "retry" | "predecessor") | null;
                            /** @description Its line at a 'fifo' endpoint ('' is the default line); null: not ordered */
                            orderingKey: string | null;
                            /** @description Its place in its line, 1, 2, …, gap-free; sent as the webhook-sequence header. Null: not ordered */
                            sequence: number | null;
                            /** @description The delivery before it in its line (null: first, or not ordered) */
                            predecessorId: string | null;
                            lastStatusCode: number | null;
                            lastError: string | null;
                            failureReason: string | null;
                            workflowId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEndpointStats: {
        parameters: {
            query?: {
                window?: string;
            };
            header?: never;
            path: {
                tenantId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Stats */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        endpointId: string;
                        window: string;
                        attempts: number;
                        successRate: number | null;
                        latencyMs: {
                            p50: number | null;
                            p95: number | null;
                        };
                        lastSuccessAt: string | null;
                        lastFailureAt: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recoverEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "since": "2026-01-30T00:00:00Z",
                 *       "until": "2026-01-31T00:00:00Z"
                 *     }
                 */
                "application/json": {
                    /** Format: date-time */
                    since: string;
                    /** Format: date-time */
                    until?: string;
                };
            };
        };
        responses: {
            /** @description Recovery job started (or joined) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        endpointId: string;
                        /** Format: date-time */
                        since: string;
                        /** Format: date-time */
                        until: string;
                        /** @enum {string} */
                        status: "running" | "completed" | "failed";
                        resent: number;
                        workflowId: string;
                        error: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        finishedAt: string | null;
                        joined?: boolean;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another recovery is running, or the endpoint is disabled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRecoveryJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                endpointId: string;
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        endpointId: string;
                        /** Format: date-time */
                        since: string;
                        /** Format: date-time */
                        until: string;
                        /** @enum {string} */
                        status: "running" | "completed" | "failed";
                        resent: number;
                        workflowId: string;
                        error: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        finishedAt: string | null;
                        joined?: boolean;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEventTypes: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Event types by name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            name: string;
                            description: string;
                            schema: {
                                [key: string]: unknown;
                            } | null;
                            example: unknown;
                            deprecated: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createEventType: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description?: string;
                    schema?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description An example `data`; test events use it when no `data` is given */
                    example?: unknown;
                    deprecated?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        description: string;
                        schema: {
                            [key: string]: unknown;
                        } | null;
                        example: unknown;
                        deprecated: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A type of this name exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEventType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event type */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        description: string;
                        schema: {
                            [key: string]: unknown;
                        } | null;
                        example: unknown;
                        deprecated: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteEventType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateEventType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    schema?: {
                        [key: string]: unknown;
                    } | null;
                    example?: unknown;
                    deprecated?: boolean;
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        description: string;
                        schema: {
                            [key: string]: unknown;
                        } | null;
                        example: unknown;
                        deprecated: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A tenant API key: this route needs the admin key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTenantEventTypes: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Event types by name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            name: string;
                            description: string;
                            schema: {
                                [key: string]: unknown;
                            } | null;
                            example: unknown;
                            deprecated: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown tenant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTenantEventType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event type */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        description: string;
                        schema: {
                            [key: string]: unknown;
                        } | null;
                        example: unknown;
                        deprecated: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createPortalSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description Show everything, change nothing */
                    readOnly?: boolean;
                    /** @description Seconds until the link stops working: 60 to 86400 (24 h); default 3600 */
                    expiresIn?: number;
                    theme?: {
                        primaryColor?: string;
                        /** Format: uri */
                        logoUrl?: string;
                        /** @enum {string} */
                        mode?: "light" | "dark" | "auto";
                    };
                };
            };
        };
        responses: {
            /** @description Opened */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @description Opens the portal for this tenant; the token travels in the URL fragment, never to a server log */
                        url: string;
                        /** Format: date-time */
                        expiresAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Called with a portal session */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown tenant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCurrentPortalSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description This session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenantId: string;
                        readOnly: boolean;
                        theme: {
                            primaryColor?: string;
                            logoUrl?: string;
                            /** @enum {string} */
                            mode?: "light" | "dark" | "auto";
                        };
                        /** Format: date-time */
                        expiresAt: string;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not called with a portal session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokePortalSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; details name each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Called with a portal session */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this tenant API key exceeded; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Any other client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
