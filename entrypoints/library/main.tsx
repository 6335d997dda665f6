import { render } from 'preact';
import { LibraryApp } from './LibraryApp';
import '@/components/page.css';
import '@/components/related.css';
import './library.css';

render(<LibraryApp />, document.getElementById('app')!);
