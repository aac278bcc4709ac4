// The web chat page: who is speaking, the conversation from the server's event stream, typing and clicking, and the
// simulator's controls in sandbox mode. Rendering is in console-view.js.
import { deliveryId, insertionIndex, isNewer, renderMessage } from './console-view.js';

const API = '/console/api';
const list = document.getElementById('messages');
const toastBox = document.getElementById('toast');
const textBox = document.getElementById('text');
/** id → revision and time of what is shown, for replacing a card in place and keeping the order. */
const shownRevs = new Map();
const shownTimes = [];
let me = localStorage.getItem('console-speaker') || 'wang';
let toastTimer;

function toast(answer) {
  if (!answer || !answer.text) return;
  toastBox.textContent = answer.text;
  toastBox.className = answer.type || 'info';
  toastBox.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (toastBox.hidden = true), 4000);
}

/** POST JSON, sent again with the same body (and so the same delivery id) when the network drops it once. */
async function post(path, body) {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok && response.status !== 409) toast({ type: 'error', text: answer.error || `出错了（${response.status}）` });
      return answer;
    } catch (error) {
      if (attempt >= 1) return toast({ type: 'error', text: `连不上机器人：${error.message}` });
    }
  }
}

async function press(message, button, node, form) {
  if (form && form.missing.length) return toast({ type: 'warning', text: `请填写：${form.missing.join('、')}` });
  if (button.confirm && !window.confirm(button.confirm)) return;
  node.disabled = true;
  try {
    const answer = await post(`${API}/actions`, { id: deliveryId(), user: me, cardMessageId: message.id, value: button.value, form: form?.values });
    toast(answer?.toast);
  } finally {
    node.disabled = false;
  }
}

function show(message) {
  if (!isNewer(shownRevs, message)) return;
  const node = renderMessage(document, message, { me, onPress: press });
  const old = list.querySelector(`[data-message-id="${CSS.escape(message.id)}"]`);
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  if (old) {
    old.replaceWith(node);
  } else {
    const index = insertionIndex(shownTimes, message.at);
    list.insertBefore(node, list.children[index] ?? null);
    shownTimes.splice(index, 0, message.at);
  }
  shownRevs.set(message.id, message.rev);
  if (atBottom || !old) list.scrollTop = list.scrollHeight;
}

function chooseSpeakers(people) {
  const box = document.getElementById('speakers');
  if (!people.some((person) => person.id === me)) me = people[0].id;
  for (const person of people) {
    const label = document.createElement('label');
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'speaker';
    radio.value = person.id;
    radio.checked = person.id === me;
    radio.addEventListener('change', () => {
      me = person.id;
      localStorage.setItem('console-speaker', me);
    });
    label.append(radio, document.createTextNode(` ${person.name}`));
    box.append(label);
  }
}

const CONTROLS = {
  scan: ['scan', {}, '已模拟扫码：人脸认证通过'],
  'expire-token': ['expire', { what: 'token' }, '接口令牌已过期'],
  'expire-login': ['expire', { what: 'login' }, '税局登录已过期'],
  'expire-faceAuth': ['expire', { what: 'faceAuth' }, '人脸认证已过期'],
  inject: ['inject', { code: 500, count: 1 }, '下一次接口调用将返回错误 500'],
  advance: ['advance', { ms: 3600_000 }, '模拟器时间已快进 1 小时'],
};

function wireSandbox() {
  document.getElementById('sandbox').hidden = false;
  for (const button of document.querySelectorAll('#sandbox button')) {
    button.addEventListener('click', async () => {
      const [route, body, done] = CONTROLS[button.dataset.control];
      const response = await fetch(`/sandbox/__sandbox/${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const answer = await response.json().catch(() => ({}));
      toast(response.ok ? { type: 'success', text: done } : { type: 'warning', text: answer.error || answer.message || `模拟器答复 ${response.status}` });
    });
  }
}

async function send(event) {
  event.preventDefault();
  const text = textBox.value.trim();
  if (!text) return;
  textBox.value = '';
  await post(`${API}/messages`, { id: deliveryId(), user: me, text });
}

textBox.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) send(event);
});
document.getElementById('composer').addEventListener('submit', send);

const info = await (await fetch(`${API}/info`)).json();
chooseSpeakers(info.people);
if (info.sandbox) wireSandbox();
// The stream sends the history first, then each change; the browser reconnects by itself from the last revision.
new EventSource(`${API}/events`).onmessage = (event) => show(JSON.parse(event.data));
document.body.dataset.ready = 'true';
