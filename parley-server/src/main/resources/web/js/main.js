// Entry point: starts the app in #app.
import { App } from './app.js';

new App(document.getElementById('app')).boot();
