//! The house rules, read from the sources (`../shared/STYLE.md`, "The house in one picture"):
//! files import downwards only (no cycle between two files anywhere in `src/`), `domain` and
//! `store` know nothing of the app or the terminal, `cli` and `tui` stay apart, SQL lives in
//! `store`, and no file grows past [`MAX_LINES`] lines besides its tests.
//!
//! The sources are read with a small lexer (comments and strings set aside) that resolves every
//! `use` tree and every path (`crate::…`, `super::…`, `self::…`, a child module's name, a name a
//! `use` brought in, a child of a glob-imported module) to the
//! file that defines the item, following `pub use` re-exports to the file they re-export from.
//! A child module is a file like any other: naming its parent (`use super::X`) is an arrow to
//! the parent's file, and a parent naming its child (a call, or a `pub use child::X`) one back,
//! so the two must not both happen; only the parent's `mod child;` is no arrow.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The most lines a source file may have, not counting its `#[cfg(test)]` items.
const MAX_LINES: usize = 450;

/// A token of Rust source: what the rules need, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
    /// A string literal's contents.
    Str(String),
}

/// Splits `src` into tokens, leaving out comments, numbers, lifetimes and char literals.
// One loop over the kinds of token reads better than a function per kind.
#[allow(clippy::too_many_lines)]
fn lex(src: &str) -> Vec<Tok> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    while i < c.len() {
        let ch = at(i);
        if ch == '/' && at(i + 1) == '/' {
            while i < c.len() && at(i) != '\n' {
                i += 1;
            }
        } else if ch == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if ch == '"' {
            let (s, next) = plain_string(&c, i + 1);
            out.push(Tok::Str(s));
            i = next;
        } else if (ch == 'r' || (ch == 'b' && at(i + 1) == 'r') || (ch == 'c' && at(i + 1) == 'r'))
            && {
                let mut j = if ch == 'r' { i + 1 } else { i + 2 };
                while at(j) == '#' {
                    j += 1;
                }
                at(j) == '"'
            }
        {
            let mut j = if ch == 'r' { i + 1 } else { i + 2 };
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            let start = j;
            loop {
                if j >= c.len() {
                    break;
                }
                if at(j) == '"' && (1..=hashes).all(|k| at(j + k) == '#') {
                    break;
                }
                j += 1;
            }
            out.push(Tok::Str(c[start..j.min(c.len())].iter().collect()));
            i = j + 1 + hashes;
        } else if (ch == 'b' || ch == 'c') && at(i + 1) == '"' {
            let (s, next) = plain_string(&c, i + 2);
            out.push(Tok::Str(s));
            i = next;
        } else if ch == '\'' {
            // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 2;
                while i < c.len() && at(i) != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
            }
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            // Raw identifiers (r#type) are the identifier.
            out.push(Tok::Ident(word.trim_start_matches("r#").to_string()));
        } else if ch.is_ascii_digit() {
            while at(i).is_alphanumeric()
                || at(i) == '_'
                || at(i) == '.' && at(i + 1).is_ascii_digit()
            {
                i += 1;
            }
        } else if ch == ':' && at(i + 1) == ':' {
            out.push(Tok::PathSep);
            i += 2;
        } else if ch.is_whitespace() {
            i += 1;
        } else {
            out.push(Tok::Punct(ch));
            i += 1;
        }
    }
    out
}

/// The contents of a `"…"` string starting at `i` (after the quote), and where it ends.
fn plain_string(c: &[char], mut i: usize) -> (String, usize) {
    let mut s = String::new();
    while let Some(&ch) = c.get(i) {
        match ch {
            '\\' => {
                if let Some(&next) = c.get(i + 1) {
                    s.push(next);
                }
                i += 2;
            }
            '"' => return (s, i + 1),
            _ => {
                s.push(ch);
                i += 1;
            }
        }
    }
    (s, i)
}

/// A path named in a source file, made absolute: the crate's modules from its root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Named {
    path: Vec<String>,
    /// The path names this crate (it starts at `crate`, `super`, `self`, `footlog` or a child).
    ours: bool,
    /// Inside `#[cfg(test)]` code.
    test: bool,
}

/// What one file declares and names.
#[derive(Debug, Default)]
struct Parsed {
    /// Child modules: (module path, file it lives in if not inline, `#[path]`, test only).
    mods: Vec<(Vec<String>, bool, Option<String>, bool)>,
    /// Every path the file names, made absolute where it starts at `crate`, `super`, `self`,
    /// `footlog` or a child module; else as written (an external crate or a local name).
    named: Vec<Named>,
    /// `pub use` re-exports: (module, exported name) → the absolute path re-exported.
    reexports: Vec<(Vec<String>, String, Vec<String>)>,
    /// String literals (with whether they are test code).
    strings: Vec<(String, bool)>,
    /// Modules of this crate brought in whole by a glob (`use super::*`): a path whose first
    /// segment is one of their children resolves through them.
    globs: Vec<Vec<String>>,
}

/// Names a `use` binds in each module scope, to the absolute path they stand for: a path that
/// starts with one (`form::update::save()` after `use super::form;`) resolves through it.
type Aliases = BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>;

/// Reads the tokens of the file of module `module`.
// One loop over the kinds of item, as `lex` is one loop over the kinds of token.
#[allow(clippy::too_many_lines)]
fn parse(toks: &[Tok], module: &[String]) -> Parsed {
    let mut p = Parsed::default();
    // The inline modules we are in: (path, brace depth at which it closes, test only).
    let mut scopes: Vec<(Vec<String>, usize, bool)> = vec![(module.to_vec(), 0, false)];
    // Child module names declared per scope, for relative paths (`effects::run`).
    let mut children: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for (i, t) in toks.iter().enumerate() {
        if *t == Tok::Ident("mod".into())
            && let Some(Tok::Ident(name)) = toks.get(i + 1)
        {
            // Declared anywhere in the file; good enough for resolving names.
            children
                .entry(scope_at(toks, i, module))
                .or_default()
                .insert(name.clone());
        }
    }
    let mut aliases: Aliases = BTreeMap::new();
    let mut depth = 0usize;
    let mut test_until: Option<usize> = None; // brace depth below which test code ends
    let mut pending_test = false;
    let mut pending_path: Option<String> = None;
    let mut i = 0;
    while i < toks.len() {
        let here = scopes.last().map(|s| s.0.clone()).unwrap_or_default();
        let in_test = test_until.is_some() || scopes.last().is_some_and(|s| s.2);
        match &toks[i] {
            Tok::Punct('#') if toks.get(i + 1) == Some(&Tok::Punct('[')) => {
                let end = matching(toks, i + 1, '[', ']');
                let attr = &toks[i + 2..end];
                if attr.first() == Some(&Tok::Ident("cfg".into()))
                    && attr.get(2) == Some(&Tok::Ident("test".into()))
                    && attr.len() == 4
                {
                    pending_test = true;
                }
                if attr.first() == Some(&Tok::Ident("path".into()))
                    && let Some(Tok::Str(s)) = attr.get(2)
                {
                    pending_path = Some(s.clone());
                }
                i = end + 1;
                continue;
            }
            // `pub(in crate::store)` limits who sees an item; it imports nothing.
            Tok::Ident(k) if k == "pub" && toks.get(i + 1) == Some(&Tok::Punct('(')) => {
                i = matching(toks, i + 1, '(', ')') + 1;
                continue;
            }
            Tok::Ident(k) if k == "mod" => {
                if let Some(Tok::Ident(name)) = toks.get(i + 1) {
                    let mut path = here.clone();
                    path.push(name.clone());
                    let test = pending_test || in_test;
                    if toks.get(i + 2) == Some(&Tok::Punct('{')) {
                        p.mods.push((path.clone(), false, None, test));
                        depth += 1;
                        scopes.push((path, depth, test));
                    } else {
                        p.mods.push((path, true, pending_path.take(), test));
                    }
                    i += 3;
                    pending_test = false;
                    pending_path = None;
                    continue;
                }
            }
            Tok::Ident(k) if k == "use" => {
                let end = (i..toks.len())
                    .find(|&j| toks[j] == Tok::Punct(';'))
                    .unwrap_or(toks.len());
                let public = i > 0 && is_pub(toks, i);
                let mut leaves = Vec::new();
                use_tree(&toks[i + 1..end], Vec::new(), &mut leaves);
                for (path, alias) in leaves {
                    let Some(abs) = absolute(&path, &here, &children, &aliases) else {
                        p.named.push(Named {
                            path,
                            ours: false,
                            test: in_test || pending_test,
                        });
                        continue;
                    };
                    if public && let Some(name) = &alias {
                        p.reexports.push((here.clone(), name.clone(), abs.clone()));
                    }
                    match alias {
                        Some(name) => {
                            aliases
                                .entry(here.clone())
                                .or_default()
                                .insert(name, abs.clone());
                        }
                        // Test code's globs (`mod tests { use super::*; }`) are left out.
                        None if !(in_test || pending_test) => p.globs.push(abs.clone()),
                        None => {}
                    }
                    p.named.push(Named {
                        path: abs,
                        ours: true,
                        test: in_test || pending_test,
                    });
                }
                pending_test = false;
                i = end + 1;
                continue;
            }
            Tok::Ident(first) => {
                // A path: ident (:: ident)*, not itself the tail of a longer one.
                let follows_sep = i > 0 && toks[i - 1] == Tok::PathSep;
                let mut path = vec![first.clone()];
                let mut j = i + 1;
                while toks.get(j) == Some(&Tok::PathSep) {
                    match toks.get(j + 1) {
                        Some(Tok::Ident(s)) => path.push(s.clone()),
                        _ => break,
                    }
                    j += 2;
                }
                if !follows_sep && path.len() > 1 {
                    let test = in_test || pending_test;
                    let abs = absolute(&path, &here, &children, &aliases);
                    let ours = abs.is_some();
                    let path = abs.unwrap_or(path);
                    p.named.push(Named { path, ours, test });
                }
                i = j.max(i + 1);
                continue;
            }
            Tok::Str(s) => p.strings.push((s.clone(), in_test || pending_test)),
            Tok::Punct('{') => {
                depth += 1;
                if pending_test && test_until.is_none() {
                    test_until = Some(depth);
                }
                pending_test = false;
            }
            Tok::Punct('}') => {
                if test_until == Some(depth) {
                    test_until = None;
                }
                if scopes.len() > 1 && scopes.last().is_some_and(|s| s.1 == depth) {
                    scopes.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Punct(';') if test_until.is_none() => pending_test = false,
            _ => {}
        }
        i += 1;
    }
    p
}

/// The inline module scope at token `at` (only for declaring child names).
fn scope_at(toks: &[Tok], at: usize, module: &[String]) -> Vec<String> {
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < at {
        match &toks[i] {
            Tok::Ident(k) if k == "mod" => {
                if let (Some(Tok::Ident(n)), Some(Tok::Punct('{'))) =
                    (toks.get(i + 1), toks.get(i + 2))
                    && i + 2 < at
                {
                    depth += 1;
                    stack.push((n.clone(), depth));
                    i += 3;
                    continue;
                }
            }
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                if stack.last().is_some_and(|s| s.1 == depth) {
                    stack.pop();
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        i += 1;
    }
    let mut m = module.to_vec();
    m.extend(stack.into_iter().map(|s| s.0));
    m
}

/// Whether the `use` at `i` is public (`pub use`, `pub(crate) use`, …).
fn is_pub(toks: &[Tok], i: usize) -> bool {
    match toks.get(i - 1) {
        Some(Tok::Ident(k)) => k == "pub",
        Some(Tok::Punct(')')) => (0..i)
            .rev()
            .find(|&j| toks[j] == Tok::Punct('('))
            .is_some_and(|j| j > 0 && toks[j - 1] == Tok::Ident("pub".into())),
        _ => false,
    }
}

/// The index of the bracket closing the one at `open`.
fn matching(toks: &[Tok], open: usize, o: char, c: char) -> usize {
    let mut depth = 0;
    for (j, t) in toks.iter().enumerate().skip(open) {
        if *t == Tok::Punct(o) {
            depth += 1;
        } else if *t == Tok::Punct(c) {
            depth -= 1;
            if depth == 0 {
                return j;
            }
        }
    }
    toks.len().saturating_sub(1)
}

/// The leaves of a `use` tree: each full path with the name it binds (`None` for a glob).
fn use_tree(toks: &[Tok], prefix: Vec<String>, out: &mut Vec<(Vec<String>, Option<String>)>) {
    // After a trailing comma (`use super::{a, b,}`) there is nothing: no leaf, not the prefix.
    if toks.is_empty() {
        return;
    }
    let mut path = prefix;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Ident(k) if k == "as" => {
                if let Some(Tok::Ident(alias)) = toks.get(i + 1) {
                    let alias = (alias != "_").then(|| alias.clone());
                    out.push((path.clone(), alias));
                }
                return;
            }
            Tok::Ident(s) => path.push(s.clone()),
            Tok::Punct('*') => {
                out.push((path.clone(), None));
                return;
            }
            Tok::Punct('{') => {
                let end = matching(toks, i, '{', '}');
                let inner = &toks[i + 1..end];
                let mut start = 0;
                let mut depth = 0;
                for (j, t) in inner.iter().enumerate() {
                    match t {
                        Tok::Punct('{') => depth += 1,
                        Tok::Punct('}') => depth -= 1,
                        Tok::Punct(',') if depth == 0 => {
                            use_tree(&inner[start..j], path.clone(), out);
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
                use_tree(&inner[start..], path.clone(), out);
                return;
            }
            _ => {}
        }
        i += 1;
    }
    if path.last().is_some_and(|s| s == "self") {
        path.pop();
    }
    if let Some(name) = path.last().cloned() {
        out.push((path, Some(name)));
    }
}

/// `path` made absolute from module `here`, if it names something of this crate: it starts at
/// `crate`, `super`, `self`, a child module or a name a `use` brought in (an alias).
fn absolute(
    path: &[String],
    here: &[String],
    children: &BTreeMap<Vec<String>, BTreeSet<String>>,
    aliases: &Aliases,
) -> Option<Vec<String>> {
    let first = path.first()?;
    let (mut base, rest) = match first.as_str() {
        "crate" | "footlog" => (Vec::new(), &path[1..]),
        "self" => (here.to_vec(), &path[1..]),
        "super" => {
            let mut base = here.to_vec();
            let mut k = 0;
            while path.get(k).is_some_and(|s| s == "super") {
                base.pop();
                k += 1;
            }
            (base, &path[k..])
        }
        name if children.get(here).is_some_and(|c| c.contains(name)) => (here.to_vec(), path),
        name => (
            aliases.get(here)?.get(name)?.clone(),
            path.get(1..).unwrap_or_default(),
        ),
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

/// One source file of `src/`.
#[derive(Debug)]
struct File {
    /// Path under `src/`, e.g. `tui/update.rs`.
    name: String,
    /// Lines not in a `#[cfg(test)]` item ([`code_lines`]).
    code_lines: usize,
    parsed: Parsed,
    /// Declared under `#[cfg(test)]` (a test module in a file of its own).
    test_only: bool,
}

/// The crate's sources: files and the module → file map.
struct Sources {
    files: BTreeMap<String, File>,
    modules: BTreeMap<Vec<String>, String>,
    /// `.rs` files under `src/` that no `mod` reaches.
    orphans: Vec<String>,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src/")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn load() -> Sources {
    load_from(&src_dir())
}

/// The crate whose `lib.rs` (and `main.rs`, if any) is in `root`.
fn load_from(root: &Path) -> Sources {
    let mut all = Vec::new();
    walk(root, &mut all);
    let mut files = BTreeMap::new();
    let mut modules = BTreeMap::new();
    // (file, module path, test only); main.rs is a crate of its own, named `main`.
    let mut todo: VecDeque<(PathBuf, Vec<String>, bool)> = VecDeque::from([
        (root.join("lib.rs"), Vec::new(), false),
        (root.join("main.rs"), vec!["main".to_string()], false),
    ]);
    while let Some((path, module, test_only)) = todo.pop_front() {
        if module == ["main"] && !path.exists() {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let code_lines = code_lines(&text);
        let parsed = parse(&lex(&text), &module);
        let name = rel(root, &path);
        modules.insert(module.clone(), name.clone());
        let dir = path.parent().expect("a folder").to_path_buf();
        let is_root = matches!(
            path.file_name().and_then(|n| n.to_str()),
            Some("mod.rs" | "lib.rs" | "main.rs")
        );
        let own_dir = if is_root {
            dir.clone()
        } else {
            dir.join(path.file_stem().expect("a name"))
        };
        for (m, out_of_line, attr, test) in &parsed.mods {
            if !out_of_line {
                modules.insert(m.clone(), name.clone());
                continue;
            }
            let leaf = m.last().expect("a name");
            let child = match attr {
                Some(a) => dir.join(a),
                None if own_dir.join(format!("{leaf}.rs")).exists() => {
                    own_dir.join(format!("{leaf}.rs"))
                }
                None => own_dir.join(leaf).join("mod.rs"),
            };
            todo.push_back((child, m.clone(), test_only || *test));
        }
        files.insert(
            name.clone(),
            File {
                name,
                code_lines,
                parsed,
                test_only,
            },
        );
    }
    let orphans = all
        .iter()
        .map(|p| rel(root, p))
        .filter(|n| !files.contains_key(n))
        .collect();
    Sources {
        files,
        modules,
        orphans,
    }
}

impl Sources {
    /// The file that defines what `path` names (following re-exports), if it is of this crate.
    fn resolve(&self, path: &[String]) -> Option<String> {
        let mut path = path.to_vec();
        for _ in 0..8 {
            let (len, file) = (0..=path.len())
                .rev()
                .find_map(|n| self.modules.get(&path[..n]).map(|f| (n, f)))?;
            let Some(item) = path.get(len) else {
                return Some(file.clone());
            };
            let module = &path[..len];
            let f = self.files.get(file)?;
            match f
                .parsed
                .reexports
                .iter()
                .find(|(m, n, _)| m.as_slice() == module && n == item)
            {
                Some((_, _, target)) if *target != path[..=len] => {
                    let mut next = target.clone();
                    next.extend(path[len + 1..].iter().cloned());
                    path = next;
                }
                _ => return Some(file.clone()),
            }
        }
        None
    }

    /// Which files each file names (only this crate's; not itself). With `tests`, test code too.
    ///
    /// Strict: a child module naming its parent (`use super::X`) counts, as does a parent naming
    /// its child (`pub use child::X`, `child::f()`); only the parent's `mod child;` does not. So
    /// a parent re-exporting or calling its child while the child names the parent is a cycle.
    fn edges(&self, tests: bool) -> BTreeMap<String, BTreeSet<String>> {
        self.arrows(tests)
            .into_iter()
            .map(|(from, tos)| (from, tos.into_keys().collect()))
            .collect()
    }

    /// As [`Sources::edges`], with the paths that make each arrow (for the failure messages).
    fn arrows(&self, tests: bool) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
        let mut g: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        for f in self.files.values() {
            let out = g.entry(f.name.clone()).or_default();
            if f.test_only && !tests {
                continue;
            }
            for n in &f.parsed.named {
                if n.test && !tests {
                    continue;
                }
                let path = if n.ours {
                    n.path.clone()
                } else {
                    // Through a glob: `use super::*; form::save()` names super's child `form`.
                    let Some(p) = f.parsed.globs.iter().find_map(|g| {
                        let mut p = g.clone();
                        p.push(n.path.first()?.clone());
                        (n.path.len() > 1 && self.modules.contains_key(&p)).then(|| {
                            p.extend(n.path.iter().skip(1).cloned());
                            p
                        })
                    }) else {
                        continue;
                    };
                    p
                };
                if let Some(to) = self.resolve(&path)
                    && to != f.name
                {
                    out.entry(to).or_default().insert(path.join("::"));
                }
            }
        }
        g
    }
}

/// A loop of imports (first node repeated at the end), and the other files caught in the same
/// knot (each reaches every other).
type Cycle = (Vec<String>, Vec<String>);

/// Every cycle of `graph`: one per strongly connected part of more than one node, shown as the
/// shortest loop through its first node.
fn find_cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Cycle> {
    // Tarjan's strongly connected components, iteratively-simple enough for a few hundred nodes.
    struct Tarjan<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        parts: Vec<Vec<&'a str>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on.insert(v);
            for w in self.g.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.on.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut part = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on.remove(w);
                    part.push(w);
                    if w == v {
                        break;
                    }
                }
                self.parts.push(part);
            }
        }
    }
    let mut t = Tarjan {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        parts: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    let mut cycles = Vec::new();
    for part in t.parts.into_iter().filter(|p| p.len() > 1) {
        let inside: BTreeSet<&str> = part.iter().copied().collect();
        let start = *inside.iter().next().expect("not empty");
        // Breadth-first from start back to start, inside the part.
        let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = VecDeque::from([start]);
        let mut end = None;
        'search: while let Some(v) = queue.pop_front() {
            for w in graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !inside.contains(w) {
                    continue;
                }
                if w == start {
                    end = Some(v);
                    break 'search;
                }
                if !prev.contains_key(w) {
                    prev.insert(w, v);
                    queue.push_back(w);
                }
            }
        }
        let mut cycle = vec![start.to_string()];
        let mut v = end.expect("a strongly connected part has a loop");
        while v != start {
            cycle.push(v.to_string());
            v = prev[v];
        }
        cycle.push(start.to_string());
        cycle.reverse();
        let mut rest: Vec<&str> = inside
            .iter()
            .copied()
            .filter(|f| !cycle.iter().any(|c| c == f))
            .collect();
        rest.sort_unstable();
        cycles.push((cycle, rest.into_iter().map(String::from).collect()));
    }
    cycles
}

/// The layer a file belongs to: its first folder under `src/`, or its own name.
fn layer(file: &str) -> &str {
    file.split('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".rs")
}

#[test]
fn no_import_cycle_between_files() {
    let s = load();
    let arrows = s.arrows(false);
    let cycles = find_cycles(&s.edges(false));
    let shown: Vec<String> = cycles
        .iter()
        .map(|(c, rest)| {
            let mut line = c.join(" → ");
            for w in c.windows(2) {
                let why = &arrows[&w[0]][&w[1]];
                let why: Vec<&str> = why.iter().map(String::as_str).collect();
                let _ = write!(line, "\n    {} → {}: {}", w[0], w[1], why.join(", "));
            }
            if !rest.is_empty() {
                let _ = write!(line, "\n    (and in the same knot: {})", rest.join(", "));
            }
            line
        })
        .collect();
    assert!(
        cycles.is_empty(),
        "{} import cycle(s) between files (move what both need into a third, lower file):\n{}",
        cycles.len(),
        shown.join("\n")
    );
}

#[test]
fn every_source_file_is_a_module() {
    let s = load();
    assert!(
        s.orphans.is_empty(),
        "not reached by any `mod`: {:?}",
        s.orphans
    );
    // The reader finds the app's layers where they are (else every other test here proves nothing).
    for m in [
        "tui::update",
        "tui::state",
        "store",
        "domain::session",
        "cli",
    ] {
        let path: Vec<String> = m.split("::").map(String::from).collect();
        assert!(s.modules.contains_key(&path), "module {m} not found");
    }
    let g = s.edges(false);
    assert!(
        g["tui/ui/mod.rs"].contains("tui/state.rs"),
        "the views name the state: {:?}",
        g["tui/ui/mod.rs"]
    );
    assert!(
        g["cli/error.rs"].contains("store/error.rs"),
        "re-exports are followed: cli names StoreError of store/error.rs: {:?}",
        g["cli/error.rs"]
    );
    assert!(
        g["cli/log.rs"].contains("cli/error.rs") && !g["cli/log.rs"].contains("cli/mod.rs"),
        "`super::CliError` (re-exported by cli/mod.rs) names cli/error.rs: {:?}",
        g["cli/log.rs"]
    );
}

#[test]
fn layers_name_only_what_is_below_them() {
    let s = load();
    let g = s.edges(true);
    let mut wrong = Vec::new();
    for (from, tos) in &g {
        let l = layer(from);
        for to in tos {
            let t = layer(to);
            let bad = match l {
                "domain" => matches!(t, "store" | "tui" | "cli"),
                "store" => matches!(t, "tui" | "cli"),
                "cli" => t == "tui",
                "tui" => t == "cli",
                _ => false,
            };
            if bad {
                wrong.push(format!("{from} names {to}"));
            }
        }
    }
    for f in s.files.values() {
        if !matches!(layer(&f.name), "domain" | "store") {
            continue;
        }
        for n in &f.parsed.named {
            if let Some(root @ ("ratatui" | "crossterm" | "ratatui_textarea")) =
                n.path.first().map(String::as_str)
            {
                wrong.push(format!("{} names {root}", f.name));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "layers crossed:\n{}", wrong.join("\n"));
}

/// The app's layers, lowest first (`../shared/STYLE.md`): what the state is made of, the
/// messages (and the raw input they carry), the key map, the state, pure layout, `update` (with the form's and guided
/// session's parts), the views, effects, the runtime (with its input reader). A file names only its own layer or lower.
fn app_layer(file: &str) -> Option<usize> {
    let f = file.strip_prefix("tui/")?;
    Some(match f {
        "event.rs" | "msg.rs" => 1,
        _ if f.starts_with("keymap") => 2,
        "state.rs" => 3,
        _ if f.starts_with("layout") => 4,
        _ if f.starts_with("update") || f == "form/update.rs" || f == "guided/mod.rs" => 5,
        _ if f.starts_with("ui/") => 6,
        "effects.rs" => 7,
        "mod.rs" | "input.rs" => 8,
        _ => 0,
    })
}

#[test]
fn the_app_names_only_its_lower_layers() {
    let s = load();
    let g = s.edges(false);
    let mut wrong = Vec::new();
    for (from, tos) in &g {
        let Some(l) = app_layer(from) else { continue };
        for to in tos {
            if app_layer(to).is_some_and(|t| t > l) {
                wrong.push(format!("{from} names {to}, a layer above it"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "app layers crossed upwards:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_app_layers_are_in_order() {
    let order = [
        "tui/zone.rs",
        "tui/event.rs",
        "tui/keymap/binding.rs",
        "tui/state.rs",
        "tui/layout/help.rs",
        "tui/update/lists.rs",
        "tui/ui/help.rs",
        "tui/effects.rs",
        "tui/input.rs",
    ];
    let ranks: Vec<Option<usize>> = order.iter().map(|f| app_layer(f)).collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
    assert_eq!(app_layer("tui/msg.rs"), app_layer("tui/event.rs"));
    assert_eq!(app_layer("tui/mod.rs"), app_layer("tui/input.rs"));
    assert_eq!(app_layer("store/mod.rs"), None);
}

#[test]
fn only_the_runtime_reads_the_clock_and_the_zone() {
    // `update` is pure: "now" and the local time zone come in as arguments. Only the runtime
    // (tui/mod.rs) and the input reader (its timeouts) may ask the system.
    let s = load();
    let mut wrong = Vec::new();
    for f in s.files.values() {
        if !f.name.starts_with("tui/")
            || f.test_only
            || matches!(f.name.as_str(), "tui/mod.rs" | "tui/input.rs")
        {
            continue;
        }
        for n in f.parsed.named.iter().filter(|n| !n.test) {
            let p: Vec<&str> = n.path.iter().map(String::as_str).collect();
            if reads_the_clock(&p) {
                wrong.push(format!("{} names {}", f.name, n.path.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the clock or the zone read outside the runtime:\n{}",
        wrong.join("\n")
    );
}

/// Whether a path asks the system for the time or the zone: chrono's `Local` (as
/// `chrono::Local`, `chrono::offset::Local` or a bare `Local`), `Utc::now` however reached,
/// `Instant::now`, `SystemTime::now`.
fn reads_the_clock(p: &[&str]) -> bool {
    let q = p.strip_prefix(&["chrono"][..]).unwrap_or(p);
    let q = q.strip_prefix(&["offset"][..]).unwrap_or(q);
    q.first() == Some(&"Local")
        || ["Utc", "Instant", "SystemTime"]
            .iter()
            .any(|c| p.ends_with(&[c, "now"]))
}

#[test]
fn the_clock_rule_knows_the_ways_to_the_clock() {
    for p in [
        "chrono::Local::now",
        "chrono::offset::Local",
        "chrono::offset::Utc::now",
        "chrono::Utc::now",
        "Utc::now",
        "Local",
        "std::time::Instant::now",
        "SystemTime::now",
    ] {
        let p: Vec<&str> = p.split("::").collect();
        assert!(reads_the_clock(&p), "{p:?}");
    }
    for p in [
        "chrono::Utc",
        "chrono::offset::FixedOffset",
        "Instant::elapsed",
    ] {
        let p: Vec<&str> = p.split("::").collect();
        assert!(!reads_the_clock(&p), "{p:?}");
    }
}

/// Whether `s` reads like SQL (the statements' keywords in capitals, as the store writes them).
fn is_sql(s: &str) -> bool {
    [
        "SELECT ",
        "INSERT INTO",
        "INSERT OR ",
        "DELETE FROM",
        "CREATE TABLE",
        "CREATE INDEX",
        "DROP TABLE",
        "ALTER TABLE",
        "PRAGMA ",
    ]
    .iter()
    .any(|k| s.contains(k))
        || (s.contains("UPDATE ") && s.contains(" SET "))
}

#[test]
fn sql_only_in_store() {
    let s = load();
    let mut wrong = Vec::new();
    for f in s.files.values().filter(|f| layer(&f.name) != "store") {
        for n in &f.parsed.named {
            if n.path
                .first()
                .is_some_and(|r| r == "rusqlite" || r == "rusqlite_migration")
            {
                wrong.push(format!("{} names {}", f.name, n.path.join("::")));
            }
        }
        for (lit, _) in &f.parsed.strings {
            if is_sql(lit) {
                wrong.push(format!("{}: SQL in {lit:?}", f.name));
            }
        }
    }
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "SQL outside store/:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_file_too_long_besides_its_tests() {
    let s = load();
    let long: Vec<String> = s
        .files
        .values()
        .filter(|f| f.code_lines > MAX_LINES)
        .map(|f| format!("{}: {} lines", f.name, f.code_lines))
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines besides #[cfg(test)] items (split by what they hold):\n{}",
        long.join("\n")
    );
}

/// The lines of `text` not in a `#[cfg(test)]` item: the attribute, any attributes after it,
/// and the item (a one-line `mod x;`, or a block up to the `}` at the item's indentation, as
/// rustfmt writes it) are left out, wherever in the file they are; everything else counts.
fn code_lines(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let mut count = 0;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let indent = line.len() - line.trim_start().len();
        if line.trim() != "#[cfg(test)]" {
            count += 1;
            i += 1;
            continue;
        }
        i += 1;
        while lines
            .get(i)
            .is_some_and(|l| l.trim_start().starts_with("#["))
        {
            i += 1;
        }
        let Some(first) = lines.get(i) else { break };
        let one_line = first.trim_end().ends_with(';') || first.trim_end().ends_with('}');
        i += 1;
        if !one_line {
            // Up to and with the line that closes the item at its own indentation.
            while let Some(l) = lines.get(i) {
                i += 1;
                let closes = l.len() - l.trim_start().len() == indent
                    && l.trim_start().starts_with(['}', ')']);
                if closes {
                    break;
                }
            }
        }
    }
    count
}

#[test]
fn the_file_size_rule_counts_past_an_early_test_module() {
    let code = "pub fn f() {}\n".repeat(500);
    let early = format!("#[cfg(test)]\nmod test_app;\n{code}");
    assert_eq!(code_lines(&early), 500);
    assert!(code_lines(&early) > MAX_LINES);
    let tests = format!(
        "{code}#[cfg(test)]\n#[allow(clippy::unwrap_used)]\nmod tests {{\n    #[test]\n    fn t() {{\n        if true {{\n        }}\n    }}\n}}\npub fn after() {{}}\n"
    );
    assert_eq!(
        code_lines(&tests),
        501,
        "the test block is left out, what follows counts"
    );
    let inner = "impl A {\n    #[cfg(test)]\n    fn probe(&self) {\n        let _ = 1;\n    }\n    fn real() {}\n}\n";
    assert_eq!(code_lines(inner), 3);
}

fn graph(edges: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in edges {
        g.entry((*a).into()).or_default().insert((*b).into());
        g.entry((*b).into()).or_default();
    }
    g
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let looped = graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("c", "e")]);
    let (cycle, rest) = find_cycles(&looped).pop().expect("a cycle");
    assert_eq!(cycle, ["a", "b", "c", "a"]);
    assert!(rest.is_empty());
    assert_eq!(find_cycles(&looped).len(), 1);
    let two = graph(&[("x", "y"), ("y", "x"), ("p", "q"), ("q", "p")]);
    assert_eq!(find_cycles(&two).len(), 2);
    let tree = graph(&[("a", "b"), ("b", "c"), ("a", "c"), ("d", "a")]);
    assert!(find_cycles(&tree).is_empty());
}

#[test]
fn the_reader_resolves_uses_and_paths() {
    let here = vec!["tui".to_string(), "update".to_string()];
    let p = parse(
        &lex(r#"
            //! use crate::cli::Nothing; (a comment)
            use super::{msg::{Effect, Msg}, state::AppState as S};
            use crate::domain::*;
            pub use self::inner::Thing;
            mod inner;
            fn f() { let _ = "use crate::cli::X;"; super::super::store::open(); inner::go(); }
            #[cfg(test)]
            mod tests { use crate::tui::effects::run; }
        "#),
        &here,
    );
    let named: Vec<(String, bool)> = p
        .named
        .iter()
        .map(|n| (n.path.join("::"), n.test))
        .collect();
    assert_eq!(
        named,
        [
            ("tui::msg::Effect", false),
            ("tui::msg::Msg", false),
            ("tui::state::AppState", false),
            ("domain", false),
            ("tui::update::inner::Thing", false),
            ("store::open", false),
            ("tui::update::inner::go", false),
            ("tui::effects::run", true),
        ]
        .map(|(a, b)| (a.to_string(), b))
    );
    assert_eq!(p.reexports.len(), 1);
    assert!(is_sql("SELECT id FROM sessions") && !is_sql("Select a file"));
}

/// The file graph of a crate made of `files` (path under `src/`, text), written to a folder.
fn graph_of(files: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("a folder")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let s = load_from(dir.path());
    assert!(s.orphans.is_empty(), "{:?}", s.orphans);
    s.edges(false)
}

#[test]
fn a_parent_and_its_child_naming_each_other_are_a_cycle() {
    // The parent re-exports its child's item; the child names the parent's.
    let reexport = graph_of(&[
        ("lib.rs", "mod m;"),
        (
            "m/mod.rs",
            "mod child;\npub use child::Thing;\npub struct Shared;",
        ),
        (
            "m/child.rs",
            "use super::Shared;\npub struct Thing(Shared);",
        ),
    ]);
    let (cycle, _) = find_cycles(&reexport).pop().expect("a cycle");
    assert_eq!(cycle, ["m/child.rs", "m/mod.rs", "m/child.rs"]);
    // The parent calls its child, which calls back through `super::`.
    let calls = graph_of(&[
        ("lib.rs", "mod m;"),
        (
            "m/mod.rs",
            "mod child;\npub fn run() { child::go() }\nfn helper() {}",
        ),
        ("m/child.rs", "pub fn go() { super::helper() }"),
    ]);
    assert_eq!(find_cycles(&calls).len(), 1, "{calls:?}");
    // A child naming its grandparent through `crate::` is caught as well.
    let deep = graph_of(&[
        ("lib.rs", "mod m;\npub use m::a::b::Deep;\npub struct Top;"),
        ("m/mod.rs", "pub mod a;"),
        ("m/a/mod.rs", "pub mod b;"),
        ("m/a/b.rs", "use crate::Top;\npub struct Deep(Top);"),
    ]);
    assert_eq!(find_cycles(&deep).len(), 1, "{deep:?}");
}

#[test]
fn declaring_a_child_or_limiting_who_sees_an_item_imports_nothing() {
    // `mod child;` is no import, nor is `pub(in crate::m)`; the child may name its parent, and
    // a trailing comma in a `use` tree names no module. What the parent re-exports from a file
    // below is named where it is defined.
    let g = graph_of(&[
        ("lib.rs", "mod m;\nmod other;"),
        (
            "m/mod.rs",
            "mod child;\nmod shared;\npub use shared::Shared;\npub(crate) use shared::helper;",
        ),
        ("m/shared.rs", "pub struct Shared;\npub fn helper() {}"),
        (
            "m/child.rs",
            "use super::{Shared, helper,};\npub(in crate::m) fn go(_: Shared) { helper() }",
        ),
        ("other.rs", "use crate::m::Shared;\npub fn f(_: Shared) {}"),
    ]);
    assert!(find_cycles(&g).is_empty(), "{g:?}");
    assert_eq!(
        g["m/child.rs"],
        BTreeSet::from(["m/shared.rs".to_string()]),
        "the child names the file that defines what it uses, not its parent"
    );
    assert!(g["m/mod.rs"].contains("m/shared.rs") && !g["m/mod.rs"].contains("m/child.rs"));
    assert_eq!(g["other.rs"], BTreeSet::from(["m/shared.rs".to_string()]));
}

#[test]
fn a_path_through_a_use_alias_is_an_import() {
    // `use super::form;` then `form::update::save()` names form/update.rs, which names back.
    let g = graph_of(&[
        ("lib.rs", "mod tui;"),
        ("tui/mod.rs", "mod form;\nmod update;"),
        ("tui/form/mod.rs", "pub mod update;"),
        (
            "tui/form/update.rs",
            "use crate::tui::update::helper;\npub fn save() { helper() }",
        ),
        (
            "tui/update.rs",
            "use super::form;\npub fn helper() {}\nfn f() { form::update::save() }",
        ),
    ]);
    let (cycle, _) = find_cycles(&g).pop().expect("a cycle through the alias");
    assert_eq!(
        cycle,
        ["tui/form/update.rs", "tui/update.rs", "tui/form/update.rs"]
    );
    // Renamed (`as`), in a group, and through a glob.
    let g = graph_of(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;\nmod d;"),
        ("a/mod.rs", "pub mod x;"),
        ("a/x.rs", "pub fn go() {}"),
        ("b.rs", "use crate::a as other;\nfn f() { other::x::go() }"),
        ("c.rs", "use crate::{a, b};\nfn f() { a::x::go() }"),
        (
            "d.rs",
            "use crate::*;\nfn f() { a::x::go(); Vec::<u8>::new(); }",
        ),
    ]);
    for from in ["b.rs", "c.rs", "d.rs"] {
        assert!(g[from].contains("a/x.rs"), "{from}: {:?}", g[from]);
    }
}

#[test]
fn the_app_s_alias_paths_are_seen() {
    let g = load().edges(false);
    for (from, to) in [
        ("tui/update.rs", "tui/form/update.rs"),
        ("tui/update.rs", "tui/form/open.rs"),
        ("tui/update.rs", "tui/form/session.rs"),
        ("tui/guided/mod.rs", "tui/form/open.rs"),
        ("tui/guided/mod.rs", "tui/form/session.rs"),
        ("tui/guided/mod.rs", "tui/form/update.rs"),
        ("tui/update/outcome.rs", "tui/form/update.rs"),
        ("tui/update/lists.rs", "tui/layout/detail.rs"),
        ("tui/update/lists.rs", "tui/layout/help.rs"),
        ("tui/update/screens.rs", "tui/layout/guide.rs"),
        ("tui/update/screens.rs", "tui/layout/insights.rs"),
    ] {
        assert!(g[from].contains(to), "{from} → {to}: {:?}", g[from]);
    }
}
