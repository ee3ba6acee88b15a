using FluentValidation;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.KnowledgeBase;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.KnowledgeBase;

public sealed class ArticleInputValidator : AbstractValidator<ArticleInput>
{
    public ArticleInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Title).NotEmpty().WithMessage(l["Enter a title."]).MaximumLength(Article.MaxTitleLength).WithMessage(l["At most {0} characters.", Article.MaxTitleLength]);
        RuleFor(x => x.Body).NotEmpty().WithMessage(l["Write the article's text."]).MaximumLength(Article.MaxBodyLength).WithMessage(l["At most {0} characters.", Article.MaxBodyLength]);
        RuleFor(x => x.Tags).MaximumLength(Article.MaxTagsLength).WithMessage(l["At most {0} characters.", Article.MaxTagsLength]);
    }
}

public sealed class CategoryInputValidator : AbstractValidator<CategoryInput>
{
    public CategoryInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage(l["Enter a name."]).MaximumLength(ArticleCategory.MaxNameLength).WithMessage(l["At most {0} characters.", ArticleCategory.MaxNameLength]);
    }
}
