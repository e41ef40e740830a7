//! T-SQL text → sqlparser statements (MsSqlDialect), with the token-level
//! fixes SQL Server's grammar needs: statements without `;` between them,
//! `GO` separators, ANSI nested joins without parentheses, and identifiers
//! folded to lower case (the site database's collation makes names
//! case-insensitive; the original spellings are kept for output).

use datafusion::sql::sqlparser::ast::Statement;
use datafusion::sql::sqlparser::dialect::MsSqlDialect;
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::parser::{Parser, ParserError};
use datafusion::sql::sqlparser::tokenizer::{Location, Span as SqlSpan, Token, TokenWithSpan, Tokenizer, Word};
use std::collections::HashMap;
use wqlkit_core::{Code, Diagnostic, Span};

/// Reports longer than this are refused rather than parsed.
pub const MAX_REPORT_BYTES: usize = 1 << 20;

/// The parsed batch.
pub struct Parsed {
    /// The statements, identifiers in lower case.
    pub statements: Vec<Statement>,
    /// Original spellings of the identifiers, by lower-case name.
    pub spellings: HashMap<String, String>,
}

/// Converts sqlparser's line/column locations into byte spans of the source.
pub struct Source<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    /// Indexes `text` by line.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source { text, line_starts }
    }

    /// The byte offset of a 1-based line and character column.
    pub fn offset(&self, loc: Location) -> usize {
        if loc.line == 0 {
            return 0;
        }
        let Some(&start) = self.line_starts.get(loc.line as usize - 1) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let col = loc.column.saturating_sub(1) as usize;
        start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    /// The text under a span, as written.
    pub fn text(&self, span: Span) -> &'a str {
        self.text.get(span.range()).unwrap_or_default()
    }

    /// The byte span of a sqlparser span.
    pub fn span(&self, s: SqlSpan) -> Span {
        let start = self.offset(s.start);
        Span::new(start, self.offset(s.end).max(start))
    }
}

/// Parses a batch of T-SQL statements.
pub fn parse(text: &str) -> Result<Parsed, Diagnostic> {
    if text.len() > MAX_REPORT_BYTES {
        return Err(Diagnostic::error(
            Code::InputTooLarge,
            Span::new(0, 0),
            format!("the report is larger than {MAX_REPORT_BYTES} bytes"),
        ));
    }
    let source = Source::new(text);
    let dialect = MsSqlDialect {};
    let tokens = Tokenizer::new(&dialect, text)
        .tokenize_with_location()
        .map_err(|e| syntax_error(&source, &e.message, e.location, &[]))?;
    let (tokens, spellings) = fold_identifiers(tokens);
    let tokens = drop_query_hints(tokens);
    let tokens = parenthesize_nested_joins(tokens);
    let mut parser = Parser::new(&dialect).with_tokens_with_locations(tokens.clone());
    let mut statements = Vec::new();
    loop {
        while parser.consume_token(&Token::SemiColon) {}
        let next = parser.peek_token();
        match &next.token {
            Token::EOF => break,
            Token::Word(w) if w.value == "go" && w.quote_style.is_none() => {
                parser.next_token();
                continue;
            }
            _ => {}
        }
        let stmt = parser
            .parse_statement()
            .map_err(|e| parser_error(&source, &e, &tokens))?;
        statements.push(stmt);
        let next = parser.peek_token();
        let ends = match &next.token {
            Token::SemiColon | Token::EOF => true,
            Token::Word(w) => starts_statement(w),
            _ => false,
        };
        if !ends {
            return Err(Diagnostic::error(
                Code::SqlSyntax,
                source.span(next.span),
                format!(
                    "syntax error: expected the end of the statement, found {}",
                    show(&next.token)
                ),
            )
            .with_help("is an AND or OR missing before this, or a comma in a list?"));
        }
    }
    Ok(Parsed { statements, spellings })
}

fn show(t: &Token) -> String {
    match t {
        Token::EOF => "the end of the text".into(),
        other => format!("`{other}`"),
    }
}

/// Whether a word can begin a T-SQL statement (T-SQL needs no `;` between statements).
fn starts_statement(w: &Word) -> bool {
    w.quote_style.is_none()
        && (matches!(
            w.keyword,
            Keyword::SELECT
                | Keyword::WITH
                | Keyword::DECLARE
                | Keyword::SET
                | Keyword::IF
                | Keyword::BEGIN
                | Keyword::END
                | Keyword::PRINT
                | Keyword::EXEC
                | Keyword::EXECUTE
                | Keyword::INSERT
                | Keyword::UPDATE
                | Keyword::DELETE
                | Keyword::CREATE
                | Keyword::DROP
                | Keyword::USE
                | Keyword::RETURN
                | Keyword::WHILE
        ) || w.value == "go")
}

fn syntax_error(source: &Source<'_>, message: &str, at: Location, tokens: &[TokenWithSpan]) -> Diagnostic {
    let start = source.offset(at);
    let end = tokens
        .iter()
        .find(|t| t.span.start == at)
        .map_or(start, |t| source.offset(t.span.end));
    Diagnostic::error(
        Code::SqlSyntax,
        Span::new(start, end.max(start)),
        format!("syntax error: {}", tidy(message)),
    )
}

/// sqlparser's message, in the words this tool uses.
fn tidy(message: &str) -> String {
    let m = message.trim();
    match m.strip_prefix("Expected: ") {
        Some(rest) => match rest.split_once(", found: ") {
            Some((want, found)) => format!("expected {want}, found `{found}`"),
            None => format!("expected {rest}"),
        },
        None => m.to_string(),
    }
}

fn parser_error(source: &Source<'_>, e: &ParserError, tokens: &[TokenWithSpan]) -> Diagnostic {
    let text = match e {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m.clone(),
        ParserError::RecursionLimitExceeded => {
            return Diagnostic::error(
                Code::NestingTooDeep,
                Span::new(0, 0),
                "the report nests deeper than the parser accepts",
            );
        }
    };
    let text = text.strip_prefix("sql parser error: ").unwrap_or(&text).to_string();
    match text.rsplit_once(" at Line: ") {
        Some((message, at)) => {
            let mut parts = at.split(", Column: ");
            let line = parts.next().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
            let column = parts.next().and_then(|c| c.trim().parse().ok()).unwrap_or(0);
            syntax_error(source, message, Location { line, column }, tokens)
        }
        None => Diagnostic::error(
            Code::SqlSyntax,
            Span::new(0, 0),
            format!("syntax error: {}", tidy(&text)),
        ),
    }
}

/// Lower-cases every identifier (bracketed ones keep their quoting, so
/// spaces and punctuation survive) and records the original spellings.
fn fold_identifiers(tokens: Vec<TokenWithSpan>) -> (Vec<TokenWithSpan>, HashMap<String, String>) {
    let mut spellings = HashMap::new();
    let tokens = tokens
        .into_iter()
        .map(|mut t| {
            if let Token::Word(w) = &mut t.token {
                let lower = w.value.to_lowercase();
                if lower != w.value {
                    spellings.entry(lower.clone()).or_insert_with(|| w.value.clone());
                }
                w.value = lower;
            }
            t
        })
        .collect();
    (tokens, spellings)
}

/// Removes `OPTION (…)` query hints (RECOMPILE, MAXDOP, …): they steer the
/// server's plan, never the rows, and sqlparser would read them as an alias.
fn drop_query_hints(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let significant = |t: &TokenWithSpan| !matches!(t.token, Token::Whitespace(_));
    let mut out = Vec::with_capacity(tokens.len());
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        match &t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Word(w) if depth == 0 && w.quote_style.is_none() && w.value == "option" => {
                let next = (i + 1..tokens.len()).find(|&j| significant(&tokens[j]));
                if let Some(j) = next.filter(|&j| tokens[j].token == Token::LParen) {
                    let mut level = 0usize;
                    let mut k = j;
                    while k < tokens.len() {
                        match tokens[k].token {
                            Token::LParen => level += 1,
                            Token::RParen => {
                                level -= 1;
                                if level == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        k += 1;
                    }
                    i = k + 1;
                    continue;
                }
            }
            _ => {}
        }
        out.push(t.clone());
        i += 1;
    }
    out
}

/// A join waiting for its `ON`.
struct Pending {
    /// Index of the first token of its right-hand relation.
    relation: usize,
    /// Whether another join started after it (so its right side is a nested join).
    nested: bool,
}

/// `A JOIN B JOIN C ON x ON y` is ANSI for `A JOIN (B JOIN C ON x) ON y`;
/// sqlparser needs the parentheses, so they are added here. Each `ON` closes
/// the most recent open join at its parenthesis depth.
fn parenthesize_nested_joins(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut stacks: Vec<Vec<Pending>> = vec![Vec::new()];
    let mut inserts: Vec<(usize, Token)> = Vec::new();
    let mut prev: Option<Keyword> = None;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i].token;
        match token {
            Token::Whitespace(_) => {
                i += 1;
                continue;
            }
            Token::LParen => stacks.push(Vec::new()),
            Token::RParen if stacks.len() > 1 => {
                stacks.pop();
            }
            Token::Word(w) if w.quote_style.is_none() => {
                let stack = stacks.last_mut().expect("the outer level is never popped");
                match w.keyword {
                    Keyword::JOIN if !matches!(prev, Some(Keyword::CROSS | Keyword::NATURAL)) => {
                        for p in stack.iter_mut() {
                            p.nested = true;
                        }
                        let relation = (i + 1..tokens.len())
                            .find(|&j| !matches!(tokens[j].token, Token::Whitespace(_)))
                            .unwrap_or(tokens.len());
                        stack.push(Pending {
                            relation,
                            nested: false,
                        });
                    }
                    Keyword::ON => {
                        if let Some(p) = stack.pop()
                            && p.nested
                        {
                            inserts.push((p.relation, Token::LParen));
                            inserts.push((i, Token::RParen));
                        }
                    }
                    Keyword::WHERE
                    | Keyword::GROUP
                    | Keyword::ORDER
                    | Keyword::HAVING
                    | Keyword::UNION
                    | Keyword::EXCEPT
                    | Keyword::INTERSECT
                    | Keyword::SELECT
                    | Keyword::FROM => stack.clear(),
                    _ => {}
                }
                prev = Some(w.keyword);
                i += 1;
                continue;
            }
            _ => {}
        }
        prev = None;
        i += 1;
    }
    if inserts.is_empty() {
        return tokens;
    }
    // Closing parentheses sort before opening ones at the same index.
    inserts.sort_by_key(|(at, t)| (*at, matches!(t, Token::LParen)));
    let mut out = Vec::with_capacity(tokens.len() + inserts.len());
    let mut next = inserts.into_iter().peekable();
    for (i, t) in tokens.into_iter().enumerate() {
        while let Some((_, tok)) = next.next_if(|(at, _)| *at == i) {
            let at = t.span.start;
            out.push(TokenWithSpan::new(tok, SqlSpan::new(at, at)));
        }
        out.push(t);
    }
    out.extend(next.map(|(_, tok)| TokenWithSpan::new(tok, SqlSpan::empty())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_need_no_semicolons() {
        let p = parse("declare @a int\nset @a = 1 select @a").expect("parses");
        assert_eq!(p.statements.len(), 3);
    }

    #[test]
    fn nested_joins_get_parentheses() {
        let p = parse("select * from a join b left join c on b.x = c.x join d on d.y = c.y on a.z = b.z where 1 = 1")
            .expect("parses");
        assert_eq!(
            p.statements[0].to_string(),
            "SELECT * FROM a JOIN (b LEFT JOIN c ON b.x = c.x JOIN d ON d.y = c.y) ON a.z = b.z WHERE 1 = 1"
        );
    }

    #[test]
    fn missing_and_is_reported_where_it_is() {
        let text = "select 1 from t\nwhere a = 6\n\n((b = 1))";
        let d = match parse(text) {
            Err(d) => d,
            Ok(_) => panic!("should not parse"),
        };
        assert_eq!(d.code, Code::SqlSyntax);
        assert_eq!(wqlkit_core::span::line_col(text, d.span.start), (4, 1));
    }

    #[test]
    fn identifiers_fold_and_remember_their_spelling() {
        let p = parse("select Name0 as [Machine Name] from dbo.v_R_System").expect("parses");
        assert_eq!(
            p.statements[0].to_string(),
            "SELECT name0 AS [machine name] FROM dbo.v_r_system"
        );
        assert_eq!(p.spellings["machine name"], "Machine Name");
    }
}
