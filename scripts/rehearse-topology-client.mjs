// The client side of scripts/rehearse-topology.sh: talks to the app only through the load balancer (a base URL such
// as http://127.0.0.1:18080), over plain HTTP and over WebSocket (graphql-transport-ws). Node 18+ (fetch); WebSocket
// is global from Node 22 and behind --experimental-websocket on Node 20.10+ (the shell script picks the flag).
//
//   node rehearse-topology-client.mjs setup <base> <state.json>           dev token, a factory firm, a listing
//   node rehearse-topology-client.mjs subscribe <base> <state.json> <n>   n subscriptions, a mutation, n updates
//   node rehearse-topology-client.mjs burst <base> <state.json> <n>       n queries and n mutations, all must answer
//
// Prints one line per finding; exits 0 when the step held, 1 otherwise.

import { readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

const [command, base, stateFile, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 1);

async function post(path, body, token) {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(base + path, {
        method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(15000),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
}

async function graphql(query, variables, token) {
    const body = await post('/graphql', { query, variables }, token);
    if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 300)}`);
    return body.data;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A valid Unified Social Credit Code (GB 32100-2015 check character), fresh per run.
function uscc() {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const body = '913702' + String(Date.now() % 1e11).padStart(11, '0');
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body[i]) * weights[i];
    return body + alphabet[(31 - (sum % 31)) % 31];
}

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

const CHANGE_PRICE = `mutation($input: ChangeListingPriceInput!) {
  changeListingPrice(input: $input) { listing { id unitPrice { fen } } } }`;

async function setup() {
    const firmId = randomUUID();
    const { token } = await post('/dev/tokens', { firmId, role: 'FACTORY' });
    console.log(`dev token for FACTORY firm ${firmId} from POST /dev/tokens`);
    await graphql(`mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { firmId } }`, {
        input: { firmId, name: '胶州帽业' + firmId.slice(0, 4), uscc: uscc(), roles: ['FACTORY'],
                 contactName: '王伟', contactPhone: '+86 532 8888 1234' },
    }, token);
    await until(async () => (await graphql('query($id: ID!) { firm(id: $id) { id } }', { id: firmId }, token)).firm,
        `firm ${firmId} in the read model`);
    const listingId = `listing-${randomUUID()}`;
    await graphql(`mutation($input: PublishListingInput!) { publishListing(input: $input) { listingId } }`, {
        input: { listingId, stepCode: 'headwear.embroidery', unit: 'piece', unitPriceFen: 150, minOrderQuantity: 1,
                 dailyCapacity: 1000, bookableFrom: day(2), bookableTo: day(30), leadTimeDays: 0, province: '山东',
                 city: '青岛', requiredMaterials: ['caps'], qualityStandard: 'GB/T 2912' },
    }, token);
    await until(async () => (await graphql('query($id: ID!) { listing(id: $id) { id } }', { id: listingId })).listing,
        `listing ${listingId} in the read model`);
    console.log(`registered firm ${firmId} and published ${listingId} through the load balancer`);
    writeFileSync(stateFile, JSON.stringify({ firmId, token, listingId, price: 150 }));
}

async function until(check, what, ms = 30000) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
        if (await check()) return;
        await sleep(200);
    }
    throw new Error(`${what}: not within ${ms / 1000} s`);
}

// One graphql-transport-ws subscription; resolves once acknowledged, collects every `next` payload.
function subscribe(index, listingId) {
    const url = base.replace(/^http/, 'ws') + '/graphql';
    const ws = new WebSocket(url, 'graphql-transport-ws');
    const sub = { index, ws, prices: [], closed: null, error: null };
    sub.ready = new Promise((resolve, reject) => {
        ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
        ws.onerror = (event) => { sub.error = event.message ?? 'error'; reject(new Error(`ws ${index}: ${sub.error}`)); };
        ws.onclose = (event) => { sub.closed = event.code; reject(new Error(`ws ${index}: closed ${event.code} ${event.reason}`)); };
        ws.onmessage = (event) => {
            const message = JSON.parse(event.data);
            if (message.type === 'connection_ack') {
                ws.send(JSON.stringify({ id: `s${index}`, type: 'subscribe', payload: {
                    query: 'subscription($id: ID!) { listingAvailabilityChanged(listingId: $id) { id unitPrice { fen } } }',
                    variables: { id: listingId } } }));
                resolve();
            } else if (message.type === 'ping') {
                ws.send(JSON.stringify({ type: 'pong' }));
            } else if (message.type === 'next') {
                if (message.payload.errors) sub.error = JSON.stringify(message.payload.errors);
                else sub.prices.push(Number(message.payload.data.listingAvailabilityChanged.unitPrice.fen));
            } else if (message.type === 'error') {
                sub.error = JSON.stringify(message.payload);
            }
        };
    });
    return sub;
}

async function subscribeStep() {
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    const subs = [];
    // One after another: with least_conn each open WebSocket counts, so the next one goes to the other node.
    for (let i = 0; i < count; i++) {
        const sub = subscribe(i, state.listingId);
        subs.push(sub);
        await Promise.race([sub.ready, sleep(10000).then(() => { throw new Error(`ws ${i}: no connection_ack in 10 s`); })]);
        console.log(`subscription ${i}: WebSocket upgraded through the load balancer, connection_ack received`);
    }
    // Nothing arrives at subscription time; the subscribe message has no answer, so give the nodes a moment and
    // repeat the mutation (each with a new price) until every subscription heard one or three were sent.
    let price = state.price;
    let ok = false;
    for (let attempt = 1; attempt <= 3 && !ok; attempt++) {
        await sleep(1000);
        price += 1;
        const data = await graphql(CHANGE_PRICE, { input: { listingId: state.listingId, unitPriceFen: price } }, state.token);
        console.log(`mutation changeListingPrice -> ${data.changeListingPrice.listing?.unitPrice.fen ?? '(pending)'} fen `
            + `through the load balancer (attempt ${attempt})`);
        const deadline = Date.now() + 10000;
        while (Date.now() < deadline && !subs.every((s) => s.prices.includes(price) || s.error)) await sleep(100);
        ok = subs.every((s) => s.prices.includes(price));
    }
    for (const s of subs) {
        console.log(`subscription ${s.index}: received prices [${s.prices.join(', ')}]${s.error ? ' error ' + s.error : ''}`);
        s.ws.onclose = null;
        s.ws.onerror = null;
        try { s.ws.send(JSON.stringify({ id: `s${s.index}`, type: 'complete' })); } catch { /* already closed */ }
        s.ws.close(1000);
    }
    state.price = price;
    writeFileSync(stateFile, JSON.stringify(state));
    await sleep(500); // let the close handshakes finish (nginx logs a WebSocket when it ends)
    if (!ok) throw new Error(`not every subscription received the update to ${price} fen`);
    console.log(`every subscription (${count}) received the update caused by the mutation`);
}

async function burst() {
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    let failures = 0;
    for (let i = 0; i < count; i++) {
        try {
            const data = await graphql('query($id: ID!) { listing(id: $id) { id unitPrice { fen } } platform { serverTime } }',
                { id: state.listingId });
            if (!data.listing) throw new Error('listing missing');
        } catch (e) {
            failures++;
            console.log(`query ${i}: ${e.message}`);
        }
        try {
            state.price += 1;
            await graphql(CHANGE_PRICE, { input: { listingId: state.listingId, unitPriceFen: state.price } }, state.token);
        } catch (e) {
            failures++;
            console.log(`mutation ${i}: ${e.message}`);
        }
    }
    writeFileSync(stateFile, JSON.stringify(state));
    console.log(`${count} queries and ${count} mutations through the load balancer, ${failures} failed`);
    if (failures) throw new Error(`${failures} of ${2 * count} requests failed`);
}

const steps = { setup, subscribe: subscribeStep, burst };
try {
    if (!steps[command] || !base || !stateFile) throw new Error('usage: setup|subscribe|burst <base> <state.json> [n]');
    await steps[command]();
    process.exit(0);
} catch (e) {
    console.log(`error: ${e.message}`);
    process.exit(1);
}
