//! WQL text → [`crate::ast::Query`]. The only module that knows pest.

use crate::ast::{
    ClassRef, CompareOp, Expr, ExprKind, Ident, Join, JoinKind, Literal, LogicalOp, OrderItem, Query, Select,
    SelectItem, SelectList,
};
use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::LazyLock;
use wqlkit_core::{Code, Diagnostic, Diagnostics, Span};

mod grammar {
    #![allow(missing_docs)]
    #[derive(pest_derive::Parser)]
    #[grammar = "wql.pest"]
    pub(super) struct WqlGrammar;
}
use grammar::{Rule, WqlGrammar};

/// The largest query text accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 1 << 20;
/// How deeply parentheses and NOTs may nest.
pub const MAX_NESTING: usize = 128;
/// pest's bound on rule calls for one parse; a query never comes near it.
pub const CALL_LIMIT: usize = 50_000_000;

type Result<T> = std::result::Result<T, Diagnostic>;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::kw_or, Assoc::Left))
        .op(Op::infix(Rule::kw_and, Assoc::Left))
        .op(Op::prefix(Rule::kw_not))
});

/// Parses one WQL query.
pub fn parse(text: &str) -> std::result::Result<Query, Diagnostics> {
    parse_inner(text).map_err(Diagnostics::from)
}

fn parse_inner(text: &str) -> Result<Query> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(
            Code::InputTooLarge,
            Span::new(0, 0),
            format!(
                "the query is {} bytes; at most {MAX_INPUT_BYTES} are accepted",
                text.len()
            ),
        ));
    }
    check_nesting(text)?;
    static LIMIT: std::sync::Once = std::sync::Once::new();
    LIMIT.call_once(|| pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT)));
    let mut pairs = WqlGrammar::parse(Rule::query, text).map_err(|e| syntax_error(text, &e))?;
    let query = pairs
        .next()
        .ok_or_else(|| internal(Span::new(0, text.len()), "query"))?;
    query_from_pair(query)
}

fn internal(span: Span, rule: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Syntax,
        span,
        format!("the parser met an unexpected shape in {rule}"),
    )
    .with_help("this is a defect in wqlkit; please report the query")
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

/// The next child of `pairs`, or an error naming the rule that lacked it.
fn next<'i>(pairs: &mut impl Iterator<Item = Pair<'i, Rule>>, span: Span, rule: &str) -> Result<Pair<'i, Rule>> {
    pairs.next().ok_or_else(|| internal(span, rule))
}

fn query_from_pair(pair: Pair<'_, Rule>) -> Result<Query> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let select = select_from_pair(next(&mut inner, span, "query")?)?;
    Ok(Query { select, span })
}

fn select_from_pair(pair: Pair<'_, Rule>) -> Result<Select> {
    let span = span_of(&pair);
    let mut distinct = false;
    let mut items = None;
    let mut from = None;
    let mut joins = Vec::new();
    let mut selection = None;
    let mut order_by = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::kw_select | Rule::kw_from => {}
            Rule::kw_distinct => distinct = true,
            Rule::select_list => items = Some(select_list_from_pair(p)?),
            Rule::class_ref => from = Some(class_ref_from_pair(p)?),
            Rule::join => joins.push(join_from_pair(p)?),
            Rule::where_clause => selection = Some(where_clause_from_pair(p)?),
            Rule::order_by => order_by = order_by_from_pair(p)?,
            _ => return Err(internal(span_of(&p), "select")),
        }
    }
    Ok(Select {
        distinct,
        items: items.ok_or_else(|| internal(span, "select list"))?,
        from: from.ok_or_else(|| internal(span, "from"))?,
        joins,
        selection,
        order_by,
        span,
    })
}

fn select_list_from_pair(pair: Pair<'_, Rule>) -> Result<SelectList> {
    let mut items = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::star => return Ok(SelectList::Star(span_of(&p))),
            Rule::select_item => items.push(select_item_from_pair(p)?),
            _ => return Err(internal(span_of(&p), "select list")),
        }
    }
    Ok(SelectList::Items(items))
}

fn select_item_from_pair(pair: Pair<'_, Rule>) -> Result<SelectItem> {
    let span = span_of(&pair);
    let p = next(&mut pair.into_inner(), span, "select item")?;
    match p.as_rule() {
        Rule::qualified_star => Ok(SelectItem::QualifiedStar(qualified_star_from_pair(p)?)),
        Rule::expr => Ok(SelectItem::Expr(expr_from_pair(p)?)),
        _ => Err(internal(span, "select item")),
    }
}

fn qualified_star_from_pair(pair: Pair<'_, Rule>) -> Result<Ident> {
    let span = span_of(&pair);
    identifier_from_pair(next(&mut pair.into_inner(), span, "qualified star")?)
}

fn identifier_from_pair(pair: Pair<'_, Rule>) -> Result<Ident> {
    Ok(Ident::new(pair.as_str(), span_of(&pair)))
}

fn class_ref_from_pair(pair: Pair<'_, Rule>) -> Result<ClassRef> {
    let span = span_of(&pair);
    let mut class = None;
    let mut alias = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::class_name => class = Some(identifier_from_pair(p)?),
            Rule::alias => alias = Some(identifier_from_pair(p)?),
            Rule::kw_as => {}
            _ => return Err(internal(span_of(&p), "class reference")),
        }
    }
    Ok(ClassRef {
        class: class.ok_or_else(|| internal(span, "class reference"))?,
        alias,
        span,
    })
}

fn join_from_pair(pair: Pair<'_, Rule>) -> Result<Join> {
    let span = span_of(&pair);
    let mut kind = JoinKind::Inner;
    let mut class = None;
    let mut on = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::join_kind => kind = join_kind_from_pair(p)?,
            Rule::class_ref => class = Some(class_ref_from_pair(p)?),
            Rule::expr => on = Some(expr_from_pair(p)?),
            Rule::kw_join | Rule::kw_on => {}
            _ => return Err(internal(span_of(&p), "join")),
        }
    }
    Ok(Join {
        kind,
        class: class.ok_or_else(|| internal(span, "join"))?,
        on: on.ok_or_else(|| internal(span, "join"))?,
        span,
    })
}

fn join_kind_from_pair(pair: Pair<'_, Rule>) -> Result<JoinKind> {
    let span = span_of(&pair);
    let first = next(&mut pair.into_inner(), span, "join kind")?;
    Ok(match first.as_rule() {
        Rule::kw_inner => JoinKind::Inner,
        Rule::kw_left => JoinKind::Left,
        Rule::kw_right => JoinKind::Right,
        Rule::kw_full => JoinKind::Full,
        _ => return Err(internal(span, "join kind")),
    })
}

fn where_clause_from_pair(pair: Pair<'_, Rule>) -> Result<Expr> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let _where = next(&mut inner, span, "where")?;
    expr_from_pair(next(&mut inner, span, "where")?)
}

fn order_by_from_pair(pair: Pair<'_, Rule>) -> Result<Vec<OrderItem>> {
    pair.into_inner()
        .filter(|p| p.as_rule() == Rule::order_item)
        .map(order_item_from_pair)
        .collect()
}

fn order_item_from_pair(pair: Pair<'_, Rule>) -> Result<OrderItem> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let expr = expr_from_pair(next(&mut inner, span, "order item")?)?;
    let descending = inner.next().is_some_and(|p| p.as_rule() == Rule::kw_desc);
    Ok(OrderItem { expr, descending, span })
}

fn expr_from_pair(pair: Pair<'_, Rule>) -> Result<Expr> {
    PRATT
        .map_primary(predicate_from_pair)
        .map_prefix(|op, rhs| {
            let rhs = rhs?;
            let span = span_of(&op).to(rhs.span);
            Ok(Expr::new(ExprKind::Not(Box::new(rhs)), span))
        })
        .map_infix(|lhs, op, rhs| {
            let op = match op.as_rule() {
                Rule::kw_and => LogicalOp::And,
                _ => LogicalOp::Or,
            };
            Ok(logical(op, lhs?, rhs?))
        })
        .parse(pair.into_inner())
}

/// Joins two operands, flattening chains of the same operator.
pub(crate) fn logical(op: LogicalOp, lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span.to(rhs.span);
    let mut operands = Vec::new();
    for side in [lhs, rhs] {
        match side.kind {
            ExprKind::Logical { op: o, operands: inner } if o == op => operands.extend(inner),
            kind => operands.push(Expr::new(kind, side.span)),
        }
    }
    Expr::new(ExprKind::Logical { op, operands }, span)
}

fn predicate_from_pair(pair: Pair<'_, Rule>) -> Result<Expr> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let left = operand_from_pair(next(&mut inner, span, "predicate")?)?;
    let Some(tail) = inner.next() else {
        return Ok(left);
    };
    let tail_span = span_of(&tail);
    let lhs = Box::new(left);
    let tail_rule = tail.as_rule();
    let mut parts = tail.into_inner().peekable();
    let negated = parts.next_if(|p| p.as_rule() == Rule::kw_not).is_some();
    let kind = match tail_rule {
        Rule::comparison => {
            let op = comp_op_from_pair(next(&mut parts, tail_span, "comparison")?)?;
            let right = operand_from_pair(next(&mut parts, tail_span, "comparison")?)?;
            ExprKind::Compare {
                left: lhs,
                op,
                right: Box::new(right),
            }
        }
        Rule::like_tail => {
            let _like = next(&mut parts, tail_span, "like")?;
            let pattern = operand_from_pair(next(&mut parts, tail_span, "like")?)?;
            ExprKind::Like {
                expr: lhs,
                pattern: Box::new(pattern),
                negated,
            }
        }
        Rule::is_null_tail => {
            let negated = parts.any(|p| p.as_rule() == Rule::kw_not);
            ExprKind::IsNull { expr: lhs, negated }
        }
        Rule::in_tail => {
            let _in = next(&mut parts, tail_span, "in")?;
            let body = next(&mut parts, tail_span, "in")?;
            match body.as_rule() {
                Rule::subselect => {
                    let s = next(&mut body.into_inner(), tail_span, "subselect")?;
                    ExprKind::InSubquery {
                        expr: lhs,
                        subquery: Box::new(select_from_pair(s)?),
                        negated,
                    }
                }
                Rule::value_list => ExprKind::InList {
                    expr: lhs,
                    list: body.into_inner().map(operand_from_pair).collect::<Result<_>>()?,
                    negated,
                },
                _ => return Err(internal(tail_span, "in")),
            }
        }
        Rule::between_tail => {
            let _between = next(&mut parts, tail_span, "between")?;
            let low = operand_from_pair(next(&mut parts, tail_span, "between")?)?;
            let _and = next(&mut parts, tail_span, "between")?;
            let high = operand_from_pair(next(&mut parts, tail_span, "between")?)?;
            ExprKind::Between {
                expr: lhs,
                low: Box::new(low),
                high: Box::new(high),
                negated,
            }
        }
        _ => return Err(internal(tail_span, "predicate")),
    };
    Ok(Expr::new(kind, span))
}

fn comp_op_from_pair(pair: Pair<'_, Rule>) -> Result<CompareOp> {
    Ok(match pair.as_str() {
        "=" => CompareOp::Eq,
        "<>" | "!=" => CompareOp::NotEq,
        "<" => CompareOp::Lt,
        "<=" => CompareOp::LtEq,
        ">" => CompareOp::Gt,
        ">=" => CompareOp::GtEq,
        _ => return Err(internal(span_of(&pair), "comparison operator")),
    })
}

fn operand_from_pair(pair: Pair<'_, Rule>) -> Result<Expr> {
    let span = span_of(&pair);
    let p = next(&mut pair.into_inner(), span, "operand")?;
    match p.as_rule() {
        Rule::literal => literal_from_pair(p),
        Rule::prompt => prompt_from_pair(p),
        Rule::function => function_from_pair(p),
        Rule::property => property_from_pair(p),
        Rule::parenthesized => parenthesized_from_pair(p),
        _ => Err(internal(span, "operand")),
    }
}

fn parenthesized_from_pair(pair: Pair<'_, Rule>) -> Result<Expr> {
    let span = span_of(&pair);
    let inner = expr_from_pair(next(&mut pair.into_inner(), span, "parentheses")?)?;
    // Keep the parentheses in the span so that diagnostics underline them.
    Ok(Expr::new(inner.kind, span))
}

fn prompt_from_pair(pair: Pair<'_, Rule>) -> Result<Expr> {
    let text = pair.as_str();
    let inner = text
        .strip_prefix("##PRM:")
        .and_then(|t| t.strip_suffix("##"))
        .unwrap_or(text);
    Ok(Expr::new(ExprKind::Prompt(inner.to_string()), span_of(&pair)))
}

fn property_from_pair(pair: Pair<'_, Rule>) -> Result<Expr> {
    let span = span_of(&pair);
    let mut parts = pair.into_inner();
    let first = identifier_from_pair(next(&mut parts, span, "property")?)?;
    let kind = match parts.next() {
        Some(member) => ExprKind::Property {
            qualifier: Some(first),
            name: identifier_from_pair(member)?,
        },
        None => ExprKind::Property {
            qualifier: None,
            name: first,
        },
    };
    Ok(Expr::new(kind, span))
}

fn function_from_pair(pair: Pair<'_, Rule>) -> Result<Expr> {
    let span = span_of(&pair);
    let mut parts = pair.into_inner();
    let name = identifier_from_pair(next(&mut parts, span, "function")?)?;
    let mut args = Vec::new();
    let mut star = false;
    let mut distinct = false;
    for p in parts {
        match p.as_rule() {
            Rule::star => star = true,
            Rule::kw_distinct => distinct = true,
            Rule::close_paren => {}
            Rule::expr => args.push(expr_from_pair(p)?),
            _ => return Err(internal(span_of(&p), "function")),
        }
    }
    Ok(Expr::new(
        ExprKind::Function {
            name,
            args,
            star,
            distinct,
        },
        span,
    ))
}

fn literal_from_pair(pair: Pair<'_, Rule>) -> Result<Expr> {
    let span = span_of(&pair);
    let p = next(&mut pair.into_inner(), span, "literal")?;
    let lit = match p.as_rule() {
        Rule::string => string_from_pair(p)?,
        Rule::number => number_from_pair(p)?,
        Rule::kw_true => Literal::Boolean(true),
        Rule::kw_false => Literal::Boolean(false),
        Rule::kw_null => Literal::Null,
        _ => return Err(internal(span, "literal")),
    };
    Ok(Expr::new(ExprKind::Literal(lit), span))
}

fn string_from_pair(pair: Pair<'_, Rule>) -> Result<Literal> {
    let raw = pair.as_str();
    let body = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
    Ok(Literal::String(unescape(body)))
}

/// Decodes WQL backslash escapes: `\\`, `\"` and `\'` stand for the character;
/// a backslash before anything else is kept, as admins writing `DOMAIN\user` mean.
pub fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && matches!(n, '\\' | '"' | '\'')
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

fn number_from_pair(pair: Pair<'_, Rule>) -> Result<Literal> {
    let text = pair.as_str();
    if text.contains('.') {
        return Ok(Literal::Decimal(text.to_string()));
    }
    let out_of_range = || {
        Diagnostic::error(
            Code::NumberOutOfRange,
            span_of(&pair),
            format!("{text} does not fit in 64 bits"),
        )
        .with_help("WQL integers range from -9223372036854775808 to 18446744073709551615")
    };
    let v: i128 = text.parse().map_err(|_| out_of_range())?;
    if v < i64::MIN as i128 || v > u64::MAX as i128 {
        return Err(out_of_range());
    }
    Ok(Literal::Integer(v))
}

/// Rejects input that nests parentheses or NOTs deeper than [`MAX_NESTING`],
/// before the recursive parser sees it.
fn check_nesting(text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let mut stack: Vec<usize> = Vec::new();
    let mut nots = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let base = stack.last().copied().unwrap_or(0);
        match c {
            b'"' | b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != c {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                nots = 0;
            }
            b'(' => {
                stack.push(base + nots + 1);
                nots = 0;
            }
            b')' => {
                stack.pop();
                nots = 0;
            }
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                let start = i;
                while i + 1 < bytes.len() && (bytes[i + 1].is_ascii_alphanumeric() || bytes[i + 1] == b'_') {
                    i += 1;
                }
                if text[start..=i].eq_ignore_ascii_case("not") {
                    nots += 1;
                } else {
                    nots = 0;
                }
            }
            c if c.is_ascii_whitespace() => {}
            _ => nots = 0,
        }
        if base + nots > MAX_NESTING || stack.last().is_some_and(|&d| d > MAX_NESTING) {
            return Err(Diagnostic::error(
                Code::NestingTooDeep,
                Span::new(i, (i + 1).min(text.len())),
                format!("parentheses and NOTs nest more than {MAX_NESTING} deep here"),
            )
            .with_help("split the condition or remove redundant parentheses"));
        }
        i += 1;
    }
    Ok(())
}

/// What a grammar rule is called in an error message. No `_` arm: a new rule
/// must be given a name.
fn rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "the end of the query",
        Rule::WHITESPACE | Rule::ident_char | Rule::prefix | Rule::infix => return None,
        Rule::kw_select => "SELECT",
        Rule::kw_distinct => "DISTINCT",
        Rule::kw_from => "FROM",
        Rule::kw_where => "WHERE",
        Rule::kw_as => "AS",
        Rule::kw_join => "JOIN",
        Rule::kw_inner => "INNER",
        Rule::kw_left => "LEFT",
        Rule::kw_right => "RIGHT",
        Rule::kw_full => "FULL",
        Rule::kw_outer => "OUTER",
        Rule::kw_on => "ON",
        Rule::kw_order => "ORDER",
        Rule::kw_by => "BY",
        Rule::kw_asc => "ASC",
        Rule::kw_desc => "DESC",
        Rule::kw_like => "LIKE",
        Rule::kw_is => "IS",
        Rule::kw_in => "IN",
        Rule::kw_between => "BETWEEN",
        Rule::kw_null => "NULL",
        Rule::kw_true => "TRUE",
        Rule::kw_false => "FALSE",
        Rule::kw_not => "NOT",
        Rule::kw_and => "AND",
        Rule::kw_or => "OR",
        Rule::keyword => "a keyword",
        Rule::identifier | Rule::member => "a name",
        Rule::class_name => "a class name",
        Rule::alias => "an alias",
        Rule::string | Rule::dq_string | Rule::sq_string => "a string",
        Rule::number => "a number",
        Rule::prompt => "a prompt (##PRM:Class.Property##)",
        Rule::literal => "a value",
        Rule::expr => "a condition",
        Rule::predicate => "a condition",
        Rule::comparison | Rule::comp_op => "a comparison operator (=, <>, <, >, <=, >=)",
        Rule::like_tail => "LIKE",
        Rule::is_null_tail => "IS NULL",
        Rule::in_tail => "IN",
        Rule::between_tail => "BETWEEN",
        Rule::value_list => "a list of values",
        Rule::operand => "a value or property",
        Rule::parenthesized => "a parenthesised condition",
        Rule::function => "a function call",
        Rule::property => "a property",
        Rule::star => "`*`",
        Rule::close_paren => "`)`",
        Rule::query | Rule::select | Rule::subselect => "SELECT",
        Rule::select_list => "the properties to select",
        Rule::select_item => "a property",
        Rule::qualified_star => "Class.*",
        Rule::class_ref => "a class name",
        Rule::join => "JOIN",
        Rule::join_kind => "INNER, LEFT, RIGHT or FULL",
        Rule::where_clause => "WHERE",
        Rule::order_by => "ORDER BY",
        Rule::order_item => "a property to sort by",
    })
}

fn syntax_error(text: &str, e: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let found = token_at(text, pos);
    let prev = previous_token(text, pos);
    // At the end of the text, point at the last token so the caret has something to mark.
    let span = match prev {
        Some(p) if found.is_empty() => {
            let end = text[..pos].trim_end().len();
            Span::new(end - p.len(), end)
        }
        _ => Span::new(pos, pos + found.len()),
    };
    let found_desc = if found.is_empty() {
        "the end of the query".to_string()
    } else {
        format!("`{found}`")
    };
    let expected = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<&str> = Vec::new();
            for n in positives.iter().filter_map(|r| rule_name(*r)) {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            names
        }
        ErrorVariant::CustomError { message } => {
            return Diagnostic::error(Code::Syntax, span, message.clone());
        }
    };
    let after = prev
        .map(|t| {
            if is_keyword(t) {
                format!(" after {}", t.to_ascii_uppercase())
            } else {
                format!(" after `{t}`")
            }
        })
        .unwrap_or_default();
    if let Some(q) = unclosed_quote(text, pos) {
        return Diagnostic::error(Code::Syntax, span, "this string is never closed")
            .with_help(format!("add the closing {q} at the end of the string"));
    }
    let message = if expected.is_empty() {
        format!("unexpected {found_desc}{after}")
    } else {
        format!("expected {}{after}, found {found_desc}", join_words(&expected))
    };
    let mut d = Diagnostic::error(Code::Syntax, span, message);
    if let Some(help) = syntax_help(text, pos, found) {
        d = d.with_help(help);
    }
    d
}

fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn is_keyword(word: &str) -> bool {
    WqlGrammar::parse(Rule::keyword, word).is_ok_and(|p| p.as_str().len() == word.len())
}

/// The token starting at `pos`: a word, a string start, or one symbol.
fn token_at(text: &str, pos: usize) -> &str {
    let rest = text.get(pos..).unwrap_or_default();
    let Some(c) = rest.chars().next() else { return "" };
    let end = if c.is_alphanumeric() || c == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len())
    } else if matches!(c, '<' | '>' | '!' | '=') {
        rest.find(|c: char| !matches!(c, '<' | '>' | '!' | '='))
            .unwrap_or(rest.len())
    } else {
        c.len_utf8()
    };
    &rest[..end]
}

/// The token that ends just before `pos` (skipping whitespace).
fn previous_token(text: &str, pos: usize) -> Option<&str> {
    let before = text.get(..pos)?.trim_end();
    let c = before.chars().next_back()?;
    if c.is_alphanumeric() || c == '_' {
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        Some(&before[start..])
    } else if c == '"' || c == '\'' {
        let body = &before[..before.len() - 1];
        let start = body
            .char_indices()
            .rev()
            .find(|&(i, q)| q == c && !body[..i].ends_with('\\'))
            .map_or(0, |(i, _)| i);
        Some(&before[start..])
    } else {
        Some(&before[before.len() - c.len_utf8()..])
    }
}

fn syntax_help(text: &str, pos: usize, found: &str) -> Option<String> {
    if found == "==" || (found.starts_with('=') && text[..pos].ends_with('=')) {
        return Some("WQL compares with a single `=`".into());
    }
    if found == "&" || found == "|" {
        return Some("WQL joins conditions with AND and OR".into());
    }
    if found == "'" && text.get(..pos).is_some_and(|b| b.ends_with('\'')) {
        return Some("WQL escapes a quote inside a string with a backslash: 'O\\'Brien'".into());
    }
    let before = text.get(..pos)?.trim_end();
    if before.ends_with(',') && (found.eq_ignore_ascii_case("from") || found.is_empty()) {
        return Some("remove the comma before FROM".into());
    }
    if found.is_empty() && text.matches('(').count() > text.matches(')').count() {
        return Some("a parenthesis is never closed".into());
    }
    None
}

/// The quote character at `pos` if it opens a string that never closes.
fn unclosed_quote(text: &str, pos: usize) -> Option<char> {
    let rest = text.get(pos..)?;
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    (!closes(&rest[1..], q)).then_some(q)
}

fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == quote {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_keeps_unknown_escapes() {
        assert_eq!(unescape(r"CONTOSO\\Domain Admins"), r"CONTOSO\Domain Admins");
        assert_eq!(unescape(r"CONTOSO\Group"), r"CONTOSO\Group");
        assert_eq!(unescape(r#"say \"hi\""#), r#"say "hi""#);
        assert_eq!(unescape(r"O\'Brien"), "O'Brien");
        assert_eq!(unescape("trailing\\"), "trailing\\");
    }

    #[test]
    fn whitespace_may_surround_the_dot() {
        let text = "select SMS_R_System . Name, s.\n  Client, s\t.*\nfrom SMS_R_System as s\nwhere s .Name = 'x'";
        let q = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let SelectList::Items(items) = &q.select.items else {
            panic!("no items")
        };
        let at = |span: Span| &text[span.range()];
        let mut seen = Vec::new();
        for item in items {
            match item {
                SelectItem::Expr(Expr {
                    kind:
                        ExprKind::Property {
                            qualifier: Some(q),
                            name,
                        },
                    span,
                }) => seen.push(format!("{}|{}|{}", at(q.span), at(name.span), at(*span))),
                SelectItem::QualifiedStar(q) => seen.push(format!("{}.*", at(q.span))),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            seen,
            ["SMS_R_System|Name|SMS_R_System . Name", "s|Client|s.\n  Client", "s.*"]
        );
        let Some(Expr {
            kind: ExprKind::Compare { left, .. },
            ..
        }) = &q.select.selection
        else {
            panic!("no comparison")
        };
        assert_eq!(at(left.span), "s .Name");
        // After a dot and a space, a keyword is not taken for the property's name.
        let e = parse("select SMS_R_System . from SMS_R_System").expect_err("a dot and no name");
        assert_eq!(e.0[0].message, "unexpected `from` after `.`");
        assert_eq!(e.0[0].span.range(), 22..26);
    }

    #[test]
    fn every_rule_is_named_or_silent() {
        assert_eq!(rule_name(Rule::class_ref), Some("a class name"));
        assert_eq!(rule_name(Rule::WHITESPACE), None);
    }
}
