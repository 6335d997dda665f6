import { render } from 'preact';
import { PopupApp } from './PopupApp';
import '@/components/page.css';
import '@/components/related.css';
import './popup.css';

render(<PopupApp />, document.getElementById('app')!);
