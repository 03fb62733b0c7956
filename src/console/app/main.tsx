import { render } from 'preact';
import { App } from './shell';
import './app.css';

const root = document.getElementById('app')!;
// The page's "loading" line goes: Preact adds to a container's children, it does not replace them.
root.textContent = '';
render(<App />, root);
